/**
 * Email addresses in outputs. Found by expanding around each `@` (no regex over the whole text, so
 * the cost is linear), then validated: RFC 5321 §4.5.3.1 lengths (local part ≤ 64, domain ≤ 253,
 * label ≤ 63), a dotted domain whose last label is alphabetic (RFC 1123 §2.1 / RFC 3696 §2).
 *
 * Not findings: reserved example domains (RFC 2606: example.com/.net/.org, .example, .test,
 * .invalid, .localhost; RFC 6761 `localhost`; RFC 6762 `.local`), role mailboxes that name no
 * person (RFC 2142: info@, support@, sales@, postmaster@, … and noreply@ variants), GitHub's
 * `users.noreply.github.com` addresses, toy and placeholder addresses (`a@b.com`,
 * `john.doe@…`, `user@domain.com`), public email corpora (see `PUBLIC_EMAIL_CORPUS`), URL user-info (`https://user@host`), SSH remotes
 * (`git@github.com:org/repo`), file names with a scale suffix (`icon@2x.png`), and masked values.
 */
import type { TextView } from '../../engine/rule.js';
import { looksMasked } from '../secrets/api.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import type { ScanText } from './scan-text.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/** RFC 5322 `atext` minus the characters that, in practice, only appear around addresses as punctuation. */
function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 /* . */ ||
    c === 95 /* _ */ ||
    c === 37 /* % */ ||
    c === 43 /* + */ ||
    c === 45 /* - */
  );
}

function isDomainChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45
  );
}

const RESERVED_SUFFIXES = [
  '.example',
  '.test',
  '.invalid',
  '.localhost',
  '.local',
  '.localdomain',
  '.internal',
];
const RESERVED_DOMAINS = new Set(['example.com', 'example.net', 'example.org', 'localhost']);

/** RFC 2142 role mailboxes and no-reply senders: they name a function, not a person. */
const ROLE_LOCALS = new Set([
  'info',
  'marketing',
  'sales',
  'support',
  'abuse',
  'noc',
  'security',
  'postmaster',
  'hostmaster',
  'usenet',
  'news',
  'webmaster',
  'www',
  'uucp',
  'ftp',
  'noreply',
  'no-reply',
  'no_reply',
  'donotreply',
  'do-not-reply',
  'do_not_reply',
  'mailer-daemon',
  'bounce',
  'bounces',
  'notifications',
  'notification',
  'privacy',
  'help',
  'contact',
  'admin',
  'root',
  'git',
]);

/** File extensions that look like a TLD after `name@2x.`: the "address" is a file name. */
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'ico',
  'pdf',
  'txt',
  'csv',
  'tsv',
  'json',
  'jsonl',
  'yaml',
  'yml',
  'toml',
  'ipynb',
  'html',
  'htm',
  'xml',
  'zip',
  'tar',
  'gz',
  'bz2',
  'xz',
  'whl',
  'pkl',
  'pickle',
  'pth',
  'bin',
  'safetensors',
  'onnx',
  'ckpt',
  'npy',
  'npz',
  'parquet',
  'arrow',
  'log',
  'lock',
  'cfg',
  'ini',
  'mp3',
  'mp4',
  'wav',
  'flac',
  'js',
  'mjs',
  'css',
  'map',
  'py',
  'ts',
  'gguf',
  'h5',
  'hdf5',
  'md',
  'rst',
]);

/**
 * Toy and placeholder addresses that name nobody: one-letter mailboxes at one-letter domains
 * (`a@b.com`, `x@y.org`), the stock placeholder people (`john.doe@…`, `jane.doe@…`,
 * `first.last@…`), and mailboxes at placeholder domains (`user@domain.com`, `name@company.com`,
 * `foo@bar.com`). Real one-letter addresses at two-letter domains (`j@fb.com`) stay findings.
 */
const PLACEHOLDER_LOCALS = new Set([
  'john.doe',
  'jane.doe',
  'johndoe',
  'janedoe',
  'john.smith',
  'jane.smith',
  'first.last',
  'firstname.lastname',
  'firstname',
  'lastname',
  'your.name',
  'yourname',
  'your.email',
  'youremail',
  'your_email',
  'someone',
  'somebody',
  'username',
  'user.name',
]);
const PLACEHOLDER_DOMAIN_LABELS = new Set([
  'domain',
  'yourdomain',
  'mydomain',
  'company',
  'yourcompany',
  'mycompany',
  'email',
  'somewhere',
  'website',
  'yoursite',
  'mysite',
  'foo',
  'bar',
  'foobar',
  'xyz',
]);

function isToyAddress(local: string, domainLabels: readonly string[]): boolean {
  const lower = local.toLowerCase();
  const label = domainLabels[0]!;
  if (lower.length === 1 && label.length === 1) return true;
  if (PLACEHOLDER_LOCALS.has(lower)) return true;
  return domainLabels.length === 2 && PLACEHOLDER_DOMAIN_LABELS.has(label);
}

/**
 * Public email corpora, published for research decades ago: a notebook that loads one prints
 * the corpus's own headers (`From: lerxst@wam.umd.edu`), which are not the notebook's PII.
 * Known by their loaders and names in the notebook's code up to the output's cell: scikit-learn's
 * `fetch_20newsgroups` (the 20 Newsgroups corpus, 1990s Usenet posts), the Enron corpus
 * (released by FERC in 2003; `enron` datasets on the Hugging Face Hub and Kaggle), and
 * SpamAssassin's public corpus. Addresses at `enron.com` are that corpus wherever they appear.
 */
const PUBLIC_EMAIL_CORPUS =
  /\bfetch_20newsgroups\b|\b20_?newsgroups\b|\benron\w{0,20}\b|\bspamassassin\b/i;
const PUBLIC_CORPUS_DOMAINS = ['enron.com'];
const corpusNotebooks = new WeakMap<object, number>();

/** First code cell (index) of the notebook that loads a public email corpus; -1 if none. */
function publicCorpusCell(view: TextView): number {
  let first = corpusNotebooks.get(view.notebook);
  if (first === undefined) {
    first = view.notebook.cells.findIndex(
      (cell) => cell.kind === 'code' && PUBLIC_EMAIL_CORPUS.test(cell.source.slice(0, 100_000)),
    );
    corpusNotebooks.set(view.notebook, first);
  }
  return first;
}

/** Parse the address around the `@` at `at`; undefined when it is not a plausible personal address. */
function addressAt(text: string, at: number): OutputMatch | undefined {
  let start = at;
  while (start > 0 && at - start <= MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
  if (at - start > MAX_LOCAL) return undefined; // a long run glued to "@": not an address
  // Escapes of a repr or JSON string glued to the address: "\nyury@…", "\u00a0jo@…".
  if (start > 0 && text[start - 1] === '\\') {
    const escape = text[start];
    if (escape === 'n' || escape === 't' || escape === 'r') start += 1;
    else if (escape === 'u' && /^[0-9a-fA-F]{4}/.test(text.slice(start + 1, start + 5))) start += 5;
    else if (escape === 'x' && /^[0-9a-fA-F]{2}/.test(text.slice(start + 1, start + 3))) start += 3;
  }
  while (start < at && text[start] === '.') start++;
  if (start >= at) return undefined;
  const before = start > 0 ? text[start - 1]! : '';
  // Masked local parts (`jo***n@`, `j•••a@`: mask characters between letters), but not markdown
  // emphasis (`**kim@naver.com**`, where the run of `*` follows a space or the line start).
  if (/[*\u2022\u25cf\u2026]/.test(before)) {
    let k = start - 1;
    while (k > 0 && /[*\u2022\u25cf\u2026]/.test(text[k - 1]!) && start - k < 64) k--;
    if (k > 0 && isLocalChar(text.charCodeAt(k - 1))) return undefined;
    if (before === '\u2026') return undefined;
  }
  if (before === '/') return undefined;
  if (before === ':' && /\/\/[^\s/@]{0,64}$/.test(text.slice(Math.max(0, start - 70), start)))
    return undefined;

  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN + 1 && isDomainChar(text.charCodeAt(end)))
    end++;
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  const local = text.slice(start, at);
  const domain = text.slice(at + 1, end).toLowerCase();
  if (
    domain.length === 0 ||
    domain.length > MAX_DOMAIN ||
    local.endsWith('.') ||
    local.includes('..')
  )
    return undefined;
  const labels = domain.split('.');
  if (labels.length < 2) return undefined;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-'))
      return undefined;
  }
  const tld = labels[labels.length - 1]!;
  if (!/^(?:[a-z]{2,24}|xn--[a-z0-9]{1,59})$/.test(tld)) return undefined;
  if (FILE_EXTENSIONS.has(tld)) return undefined;
  const after = text[end] ?? '';
  if (after === '@') return undefined;
  // SSH remotes: git@github.com:org/repo.git
  if (after === ':' && /^[\w~/]/.test(text[end + 1] ?? '')) return undefined;

  if (RESERVED_DOMAINS.has(domain) || RESERVED_SUFFIXES.some((s) => domain.endsWith(s)))
    return undefined;
  if (
    domain.endsWith('.example.com') ||
    domain.endsWith('.example.org') ||
    domain.endsWith('.example.net')
  )
    return undefined;
  if (domain.includes('noreply') || domain.includes('no-reply')) return undefined;
  const bareLocal = local.toLowerCase().split('+')[0]!;
  if (ROLE_LOCALS.has(bareLocal)) return undefined;
  if (isToyAddress(local, labels)) return undefined;
  if (PUBLIC_CORPUS_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`))) return undefined;
  const value = `${local}@${text.slice(at + 1, end)}`;
  if (looksMasked(local) || /^[xX]+$/.test(local)) return undefined;
  return { start, end, value };
}

export const emailDetector: OutputDetector = {
  kind: 'email',
  noun: ['email address', 'email addresses'],
  prefilter: (text) => text.includes('@') || text.includes('&#64;') || text.includes('&commat;'),
  find(scan: ScanText, view: TextView): OutputMatch[] {
    const { text } = scan;
    const corpusCell = publicCorpusCell(view);
    if (corpusCell !== -1 && corpusCell <= view.cellIndex) return [];
    const matches: OutputMatch[] = [];
    let at = text.indexOf('@');
    let lastEnd = 0;
    while (at >= 0) {
      if (at >= lastEnd) {
        const match = addressAt(text, at);
        if (match) {
          matches.push(match);
          lastEnd = match.end;
        }
      }
      at = text.indexOf('@', at + 1);
    }
    return matches;
  },
};

export default defineOutputRule({
  meta: {
    id: 'email-address-in-output',
    defaultSeverity: 'warning',
    cwe: ['CWE-359'],
    description: 'An output shows email addresses of people (PII).',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Redact them or clear the output before the notebook is shared.',
  },
  detector: emailDetector,
});
