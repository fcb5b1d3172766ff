/** A URL with a password in it (database, broker, cache, HTTP basic auth) is stored in the notebook. */
import { looksRandom } from '../detectors.js';
import { isPlaceholder } from '../placeholders.js';
import { defineProvider } from '../provider.js';

/** Defaults and template parts that are not a real password in a URL. */
function isUrlPassword(user: string, password: string): boolean {
  if (password.length < 3 || password.length > 200) return false;
  if (password === user) return false;
  if (/[{}$<>]|%s|%\(|\*{2,}/.test(password) || /[{}$<>]/.test(user)) return false;
  if (isPlaceholder(password)) return false;
  if (
    /^(?:pass(?:word)?\d{0,3}|pwd|passwd|secret|admin|root|guest|postgres|mysql|redis|minioadmin|user|username|test|demo|default|example)$/i.test(
      password,
    )
  )
    return false;
  return true;
}

function urlEnvName(scheme: string): string {
  if (
    /^(?:postgres|mysql|mariadb|mssql|oracle|sqlite|cockroachdb|jdbc|snowflake|clickhouse|redshift|trino|presto|databricks)/.test(
      scheme,
    )
  )
    return 'DATABASE_URL';
  if (scheme.startsWith('mongodb')) return 'MONGODB_URI';
  if (scheme.startsWith('redis') || scheme.startsWith('rediss')) return 'REDIS_URL';
  if (scheme.startsWith('amqp')) return 'AMQP_URL';
  if (scheme.startsWith('http') || scheme.startsWith('ftp')) return 'SERVICE_URL';
  return `${scheme.replace(/[^a-z0-9]+/g, '_').toUpperCase()}_URL`;
}

export default defineProvider({
  id: 'password-in-url',
  description:
    'A URL with a password in it (database, broker, cache, HTTP basic auth) is stored in the notebook.',
  cwe: ['CWE-798', 'CWE-259'],
  label: 'password in a URL',
  envName: 'DATABASE_URL',
  maskPrefix: false,
  rotateUrl: 'https://www.postgresql.org/docs/current/sql-alterrole.html',
  detectors: [
    // Passwords in URLs of any scheme: `postgresql+psycopg2://user:pw@host/db`, `redis://:pw@host`,
    // `amqp://`, `snowflake://`, `mongodb+srv://`, `https://user:pw@host` (RFC 3986 §3.2.1: userinfo
    // is `user:password` before the last `@` of the authority). Parsed by hand, not by one regex, so
    // passwords with `@`, `:` or `/` in them are cut at the right place without backtracking.
    {
      triggers: ['://'],
      scan(text, emit) {
        // A password in a URL sits before an `@`.
        if (!text.includes('@')) return;
        const scheme = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\//g;
        for (const match of text.matchAll(scheme)) {
          const from = match.index + match[0].length;
          const stop = /[\s"'`<>\\]/.exec(text.slice(from, from + 400));
          const candidate = text.slice(from, stop ? from + stop.index : from + 400);
          // The authority ends at the first `/` or `?` after the first `@`; userinfo ends at the last
          // `@` before that. So `p@ss#word` stays whole, and an `@` in a query string is not taken.
          const firstAt = candidate.indexOf('@');
          if (firstAt <= 0) continue;
          const pathStart = candidate.slice(firstAt).search(/[/?]/);
          const at = candidate.lastIndexOf(
            '@',
            pathStart === -1 ? candidate.length : firstAt + pathStart,
          );
          const userinfo = candidate.slice(0, at);
          const colon = userinfo.indexOf(':');
          if (colon === -1) continue;
          const user = userinfo.slice(0, colon);
          if (user.includes('/')) continue;
          const password = userinfo.slice(colon + 1);
          const host = candidate.slice(at + 1);
          if (!/^[\w.[\]-]/.test(host)) continue;
          const name = match[1]!.toLowerCase();
          // `https://<token>:x-oauth-basic@github.com/…`: the token is the user part.
          if (password === 'x-oauth-basic') {
            if (user.length >= 20 && looksRandom(user, 3.0))
              emit(from, user, { label: 'token in a URL', envName: 'GITHUB_TOKEN' });
            continue;
          }
          if (!isUrlPassword(user, password)) continue;
          emit(from + colon + 1, password, { envName: urlEnvName(name) });
        }
      },
    },
  ],
});
