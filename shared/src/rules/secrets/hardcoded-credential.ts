/**
 * String literals bound to credential-like names: assignments (`db_password = "…"`,
 * `self.token = "…"`, annotated), keyword arguments (`connect(password="…")`), dict entries
 * (`{"api_key": "…"}`), `os.environ["X"] = "…"`, `os.environ.setdefault("X", "…")`,
 * `os.getenv("X", "…")` defaults, `%env X=…` and `!export X=…`; in comments, markdown, shell cells
 * and outputs the textual `name = value` / `name: value` forms. Read with the cell's one
 * PythonSource tree. A value counts when it is not a placeholder or an identifier and is random
 * enough for its kind (a password, or a token/key/secret). Values a provider rule already
 * reports are left to it.
 */
import type { SyntaxNode } from '@lezer/common';
import { defineRule, type TextView } from '../../engine/rule.js';
import type { Range } from '../../model/finding.js';
import type { NotebookDoc } from '../../model/notebook.js';
import { fixesFor } from './fixes.js';
import {
  characterClasses,
  credentialNameKind,
  isIdentifierLike,
  isPlaceholder,
  isWordish,
  looksMasked,
  shannonEntropy,
} from './placeholders.js';
import { literalPassOf, providerHits } from './scan.js';

export interface Candidate {
  /** The credential-like name the value is bound to. */
  readonly name: string;
  readonly value: string;
  /** Offsets of the value itself. */
  readonly range: Range;
}

type Kind = 'password' | 'secret';

/**
 * Does a value bound to a credential name look like a real credential? Passwords may be short
 * and human (`Tr0ub4dor&3`); tokens, keys and secrets are long and random.
 */
export function isCredentialValue(value: string, kind: Kind): boolean {
  const v = value;
  if (v.length > 512 || /\s/.test(v)) return false;
  // Version constraints and comparisons (`tiktoken==0.3.1`), not values.
  if (/^[=<>~!]/.test(v)) return false;
  if (isPlaceholder(v) || looksMasked(v)) return false;
  // Template strings and references: `{}`, `%s`, `$VAR`, `env:X`.
  if (/[{}]|%[sd]|^\$/.test(v)) return false;
  if (kind === 'password') {
    if (v.length < 6) return false;
    if (/^[a-z][a-z0-9+.-]{1,30}:\/\//i.test(v) || /^(?:~|\.{1,2})?\/[\w.-]/.test(v)) return false;
    if (/^\d{1,64}$/.test(v)) return v.length >= 8 && shannonEntropy(v) >= 2.5;
    return characterClasses(v) >= 2 || (v.length >= 12 && shannonEntropy(v) >= 3.0);
  }
  if (v.length < 16) return false;
  // UUIDs, URLs, paths, model names, dotted names and words are identifiers. Bare hex of a key's
  // length is a key under a credential name (NewsAPI, OpenWeather, SerpAPI keys are hex).
  const hexKey = /^[0-9a-f]{32,128}$/i.test(v) && /[a-f]/i.test(v) && /\d/.test(v);
  if (!hexKey && isIdentifierLike(v)) return false;
  if (isWordish(v)) return false;
  if (characterClasses(v) < 2) return false;
  return shannonEntropy(v) >= (hexKey ? 3.0 : 3.3);
}

/**
 * Textual `name = value`, `name: value`, `"name": "value"`, `export NAME=value`, for text that is
 * not parsed Python. Names are identifiers; values run to the closing quote, or to whitespace or
 * punctuation when unquoted.
 */
const TEXT_ASSIGNMENT =
  /(?<![\w.-])([A-Za-z_][\w.-]{0,60})["'\]]{0,2}\s{0,4}(?:=|:|=>)[ \t]{0,4}(?:(["'`])([^"'`\n]{1,300})\2|([^\s"'`,;)\]}]{1,300}))/g;

/**
 * A command-line option with a value: `--api-key VALUE`, `--token=VALUE`, `-p VALUE` is not one
 * (single-dash options are too short to name a credential). Group 1 the option name, group 3 the
 * value.
 */
const CLI_OPTION =
  /(?<![\w-])--([A-Za-z][\w-]{1,60})(?:=|[ \t]{1,4})(["']?)([^\s"'`\\;|&)]{1,300})\2/g;

/**
 * An HTTP authorization header written out: `-H "Authorization: Bearer VALUE"` (curl),
 * `Authorization: Token VALUE` in a request dump, `x-api-key: VALUE`. The value keeps its scheme;
 * `splitAuthScheme` drops it. Group 1 the header name, group 2 the value.
 */
const AUTH_HEADER =
  /(?<![\w-])((?:proxy-)?authorization|x-api-key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?((?:(?:Bearer|Token|Basic|Bot)[ \t]{1,4})?[^\s"'`,;)\]}]{8,300})/gi;

/** Candidates in a plain text (comment, markdown, output, shell). */
export function textCandidates(text: string, base = 0): Candidate[] {
  const found: Candidate[] = [];
  const push = (name: string, value: string, start: number): void => {
    found.push({ name, value, range: [base + start, base + start + value.length] });
  };
  for (const match of text.matchAll(TEXT_ASSIGNMENT)) {
    const name = match[1]!;
    const value = match[3] ?? match[4];
    if (value === undefined) continue;
    // An unquoted value with a parenthesis is code, not a value: a commented-out call
    // (`# creds = make_credentials(region=REGION)`), `token: get_token()`. Keys never hold one.
    if (match[4] !== undefined && value.includes('(')) continue;
    push(name, value, match.index + match[0].lastIndexOf(value));
  }
  if (text.includes('--')) {
    for (const match of text.matchAll(CLI_OPTION)) {
      const value = match[3]!;
      // `--api-key $KEY`, `--token "$(cat f)"`, `--password -` are references, not values.
      if (value.startsWith('-')) continue;
      push(match[1]!.replace(/-/g, '_'), value, match.index + match[0].lastIndexOf(value));
    }
  }
  for (const match of text.matchAll(AUTH_HEADER)) {
    const value = match[2]!;
    if (!/\s/.test(value)) continue; // no scheme: `TEXT_ASSIGNMENT` has it already
    push(match[1]!, value, match.index + match[0].lastIndexOf(value));
  }
  return found;
}

/** The literal's decoded value and the range of its characters, when they map 1:1. */
function literalValue(
  view: TextView,
  node: SyntaxNode,
): { value: string; range: Range } | undefined {
  const literal = view.python?.stringAt(node);
  if (!literal || !literal.verbatim) return undefined;
  return { value: literal.value, range: literal.contentRange };
}

/** The name a target expression binds: `x`, `self.token` → `token`, `cfg["password"]` → `password`. */
function targetName(view: TextView, node: SyntaxNode): string | undefined {
  if (node.name === 'VariableName') return view.text.slice(node.from, node.to);
  if (node.name === 'MemberExpression') {
    const last = node.lastChild;
    if (last?.name === 'PropertyName') return view.text.slice(last.from, last.to);
    if (last?.name === ']') {
      const key = last.prevSibling;
      if (key && key.name === 'String') return view.python?.stringAt(key)?.value;
    }
  }
  return undefined;
}

/** Candidates from the Python tree of a code view. */
export function pythonCandidates(view: TextView): Candidate[] {
  const python = view.python!;
  const found: Candidate[] = [];
  const push = (name: string | undefined, valueNode: SyntaxNode | null | undefined): void => {
    if (!name || !valueNode || valueNode.name !== 'String') return;
    const literal = literalValue(view, valueNode);
    if (literal) found.push({ name, ...literal });
  };
  const cursor = python.tree.cursor();
  do {
    const node = cursor.node;
    if (cursor.name === 'AssignStatement') {
      const children: SyntaxNode[] = [];
      for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
      const value = children[children.length - 1];
      for (let i = 0; i < children.length - 1; i++) {
        const next = children[i + 1];
        // Each target is followed by `=` or by its annotation and then `=`.
        if (next?.name === 'AssignOp' || next?.name === 'TypeDef')
          push(targetName(view, children[i]!), value);
      }
    } else if (cursor.name === 'DictionaryExpression') {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name !== 'String' || child.nextSibling?.name !== ':') continue;
        const key = python.stringAt(child)?.value;
        push(key, child.nextSibling.nextSibling);
      }
    } else if (cursor.name === 'Comment') {
      found.push(...textCandidates(view.text.slice(node.from, node.to), node.from));
    } else if (cursor.name === 'String') {
      // A config, a `.env` or a command line held in a string: `yaml.safe_load("""api_key: …""")`,
      // `os.system("curl -H 'Authorization: Bearer …'")`, an ODBC `…;Password=…;` string.
      const literal = python.stringAt(node);
      if (
        literal?.verbatim &&
        literal.value.length >= 16 &&
        mentionsCredentialName(literal.value, true)
      )
        found.push(...textCandidates(literal.value, literal.contentRange[0]));
    } else if (cursor.name === 'ArrayExpression') {
      // `subprocess.run(["tool", "--api-key", "…"])`: an option string, then its value.
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name !== 'String') continue;
        const option = /^--([A-Za-z][\w-]{1,60})$/.exec(python.stringAt(child)?.value ?? '');
        const value = child.nextSibling?.name === ',' ? child.nextSibling.nextSibling : null;
        if (option && value) push(option[1]!.replace(/-/g, '_'), value);
      }
    }
  } while (cursor.next());
  for (const call of python.calls()) {
    for (const arg of call.args) if (arg.name) push(arg.name, arg.value);
    // `os.environ.setdefault("X", "v")`, `os.getenv("X", "v")`, `os.environ.get("X", "v")`, `os.putenv`.
    if (
      /(?:^|\.)(?:setdefault|getenv|putenv|get)$/.test(call.callee) &&
      /environ|getenv|putenv/.test(call.callee)
    ) {
      const [key, value] = call.args;
      if (key && value && !key.name && !value.name && key.value.name === 'String')
        push(python.stringAt(key.value)?.value, value.value);
    }
  }
  // `%env NAME=value`, `%set_env NAME value`, `!export NAME=value` and any other shell line.
  for (const magic of python.masked.magics) {
    if (magic.kind === 'cell-magic') continue;
    const [from, to] = magic.argsRange;
    const args = view.text.slice(from, to);
    if (magic.kind === 'line-magic' && (magic.name === 'env' || magic.name === 'set_env')) {
      const m =
        /^\s{0,8}([A-Za-z_]\w{0,100})(?:\s{0,4}=\s{0,4}|\s{1,4})(["']?)([^\s"']{1,300})\2\s*$/.exec(
          args,
        );
      if (m) {
        const valueStart = from + m[0].lastIndexOf(m[3]!);
        found.push({ name: m[1]!, value: m[3]!, range: [valueStart, valueStart + m[3]!.length] });
      }
    } else if (magic.kind === 'shell') {
      found.push(...textCandidates(args, from));
    }
  }
  return found;
}

/** Every candidate of a view, Python-aware where the view is parsed Python. */
export function candidatesOf(view: TextView): Candidate[] {
  if (view.kind === 'code' && view.python && view.python.masked.isPython)
    return pythonCandidates(view);
  return textCandidates(view.text);
}

/** `Authorization: Bearer <token>`: the credential is after the scheme. */
function splitAuthScheme(candidate: Candidate): Candidate {
  const m = /^(?:Bearer|Token|Basic|Bot)\s{1,4}/i.exec(candidate.value);
  // The header names, and any credential name (`token = "Bearer <64 hex>"`).
  if (
    !m ||
    !(
      /^(?:authorization|x-api-key|auth|proxy-authorization)$/i.test(candidate.name) ||
      credentialNameKind(candidate.name) === 'secret'
    )
  )
    return candidate;
  return {
    ...candidate,
    value: candidate.value.slice(m[0].length),
    range: [candidate.range[0] + m[0].length, candidate.range[1]],
  };
}

/**
 * Words around a credential-word hint: a cell whose only hits are `tokenizer`, `max_tokens` or
 * `keys()` holds no credential name, and is done without parsing.
 */
const NAME_HINT = /pass|pwd|secret|token|key|auth|cred|bearer|dsn|conn/gi;

/** Length of the `NAME_HINT` stem at `at` (stems never share a prefix at one position). */
function stemLengthAt(text: string, at: number): number {
  switch (text.charCodeAt(at) | 32) {
    case 112: // p: pass, pwd
      return (text.charCodeAt(at + 1) | 32) === 119 ? 3 : 4;
    case 115: // secret
      return 6;
    case 116: // token
      return 5;
    case 107: // key
      return 3;
    case 97: // auth
      return 4;
    case 99: // cred, conn
      return 4;
    case 98: // bearer
      return 6;
    default: // dsn
      return 3;
  }
}

function isNameChar(code: number): boolean {
  // [A-Za-z0-9_.-]
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 46 ||
    code === 45
  );
}

/** What `TEXT_ASSIGNMENT` needs right after a name: closing quotes or `]`, spaces, `=` or `:`. */
const ASSIGNED_AFTER = /["'\]]{0,2}\s{0,4}[=:]/y;

/** Names `splitAuthScheme` accepts although they are not credential names themselves. */
const AUTH_HEADER_NAME = /^(?:(?:proxy-)?authorization|x-api-key)$/i;

/**
 * True when some word of the text is a credential name (or an `Authorization` header). With
 * `assigned`, only a word that `TEXT_ASSIGNMENT` could take as its name counts: one followed by
 * `["'\]]{0,2}\s{0,4}` and `=` or `:`. `TEXT_ASSIGNMENT`'s name is always a whole `[\w.-]` word
 * (its lookbehind and the characters allowed after the name see to that), and a plain-text
 * candidate is only reported when that name is a credential name or an auth header name, so a
 * text with no such word followed by an operator has no finding: `textCandidates` is skipped.
 */
export function mentionsCredentialName(
  text: string,
  assigned = false,
  stems?: readonly number[],
): boolean {
  NAME_HINT.lastIndex = 0;
  let next = 0;
  let end = 0;
  for (;;) {
    // The next stem at or after the end of the last word: from the shared literal pass's
    // positions when given (every occurrence, in order), else by `NAME_HINT`.
    let at: number;
    if (stems) {
      while (next < stems.length && stems[next]! < end) next++;
      if (next === stems.length) break;
      at = stems[next]!;
    } else {
      NAME_HINT.lastIndex = end;
      const match = NAME_HINT.exec(text);
      if (match === null) break;
      at = match.index;
    }
    // Widen the hit to the whole word around it, by hand: no backtracking. Stems are at least
    // three characters, and every word character.
    let from = at;
    let to = from + stemLengthAt(text, at);
    while (from > 0 && to - from < 120 && isNameChar(text.charCodeAt(from - 1))) from--;
    while (to < text.length && to - from < 120 && isNameChar(text.charCodeAt(to))) to++;
    end = to;
    // `--api-key VALUE`, `--token=VALUE`: an option name, whatever follows it.
    if (text.charCodeAt(from) === 45 && text.charCodeAt(from + 1) === 45) {
      if (credentialNameKind(text.slice(from + 2, to).replace(/-/g, '_'))) return true;
      continue;
    }
    if (assigned) {
      ASSIGNED_AFTER.lastIndex = to;
      if (!ASSIGNED_AFTER.test(text)) continue;
    }
    const word = text.slice(from, to);
    if (credentialNameKind(word) || /^(?:proxy-)?authorization$/i.test(word)) return true;
    if (assigned && AUTH_HEADER_NAME.test(word)) return true;
    // `"DB_PASSWORD"`, `cfg.api_key`: the last dotted part may be the name.
    const last = word.split('.').pop();
    if (last && last !== word && credentialNameKind(last)) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'hardcoded-credential',
    category: 'secret',
    defaultSeverity: 'warning',
    cwe: ['CWE-798', 'CWE-259'],
    description:
      'A string literal bound to a credential-like name (password, token, api_key, secret…) looks like a real credential.',
    fixable: true,
    messages: {
      inSource:
        '{{kind}} {{masked}} is hardcoded in `{{name}}`. Read it from the environment or prompt for it with getpass, and rotate it.',
      inOutput:
        '{{kind}} {{masked}} (`{{name}}`) is stored in this output. Redact or clear the output, and rotate it.',
    },
  },
  create(context) {
    const visit = async (view: TextView): Promise<void> => {
      // Views read as plain text only yield `name = value` / `name: value` candidates: require a
      // credential name followed by the operator. Parsed Python has more forms (`getenv("X", v)`).
      const { stems } = literalPassOf(view);
      if (!mentionsCredentialName(view.text, view.kind !== 'code', stems)) return;
      const candidates = candidatesOf(view);
      if (candidates.length === 0) return;
      const claimed = await providerHits(view);
      const seen = new Set<number>();
      const accepted: { candidate: Candidate; kind: Kind }[] = [];
      for (const raw of candidates) {
        const candidate = splitAuthScheme(raw);
        const kind = candidate === raw ? credentialNameKind(raw.name) : 'secret';
        if (!kind) continue;
        if (seen.has(candidate.range[0])) continue;
        if (!isCredentialValue(candidate.value, kind)) continue;
        if (
          view.kind === 'output' &&
          (isOAuthTokenResponse(view.text, candidate) ||
            shortLivedTokensOf(view.notebook).has(candidate.value))
        )
          continue;
        // A provider rule that reports an overlapping value says more about it.
        if (
          claimed.some(
            (hit) => hit.range[0] < candidate.range[1] && candidate.range[0] < hit.range[1],
          )
        )
          continue;
        seen.add(candidate.range[0]);
        accepted.push({ candidate, kind });
      }
      // A whole string that holds a credential assignment (`conn_str = "…;Password=…;"`): the
      // assignment inside says exactly which characters are the credential. Sorted by start, then
      // longest first, an outer value is followed by what it contains.
      accepted.sort(
        (a, b) =>
          a.candidate.range[0] - b.candidate.range[0] ||
          b.candidate.range[1] - a.candidate.range[1],
      );
      for (let i = 0; i < accepted.length; i++) {
        const { candidate, kind } = accepted[i]!;
        const next = accepted[i + 1]?.candidate;
        if (next && next.range[0] < candidate.range[1] && next.range[1] <= candidate.range[1])
          continue;
        const isOutput = view.kind === 'output';
        context.report({
          view,
          messageId: isOutput ? 'inOutput' : 'inSource',
          data: {
            kind: kind === 'password' ? 'Password' : 'Credential',
            name: candidate.name.slice(0, 60),
          },
          range: candidate.range,
          secret: candidate.value,
          fixes: fixesFor(view, candidate.range, envNameFor(candidate.name), 'credential'),
          ...(kind === 'password' ? { properties: { kind: 'password' } } : {}),
        });
      }
    };
    return { code: visit, markdown: visit, output: visit };
  },
});

/**
 * An OAuth 2.0 token response printed in an output (`{'access_token': …, 'token_type': 'bearer',
 * 'expires_in': 3600}`, RFC 6749 §5.1): the access token is short-lived (at most a day) and long
 * expired by the time the notebook is read; reporting it would only teach people to ignore the
 * rule. Refresh tokens in the same response are still reported.
 */
function isOAuthTokenResponse(text: string, candidate: Candidate): boolean {
  if (!/^(?:access_?token|id_?token)$/i.test(candidate.name)) return false;
  const around = text.slice(Math.max(0, candidate.range[0] - 300), candidate.range[1] + 300);
  const expires = /["']?expires_in["']?\s{0,4}[:=]\s{0,4}(\d{1,9})/.exec(around);
  return expires !== null && Number(expires[1]) <= 86400 && /token_type/.test(around);
}

const shortLived = new WeakMap<NotebookDoc, ReadonlySet<string>>();

/**
 * Access tokens a notebook's own outputs show to be short-lived (the `access_token` of an OAuth
 * token response, see `isOAuthTokenResponse`): the same value printed again later, typically in
 * an `Authorization: bearer …` header, is that expired token too.
 */
export function shortLivedTokensOf(notebook: NotebookDoc): ReadonlySet<string> {
  let tokens = shortLived.get(notebook);
  if (tokens) return tokens;
  const found = new Set<string>();
  for (const cell of notebook.cells) {
    for (const output of cell.outputs) {
      for (const { text } of output.texts) {
        if (!text.includes('expires_in') || !text.includes('access_token')) continue;
        for (const candidate of textCandidates(text))
          if (isOAuthTokenResponse(text, candidate)) found.add(candidate.value);
      }
    }
  }
  tokens = found;
  shortLived.set(notebook, tokens);
  return tokens;
}

function envNameFor(name: string): string {
  const last = name.split('.').pop() ?? name;
  const snake = last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_{1,80}/, '')
    .replace(/_{1,80}$/, '')
    .toUpperCase();
  return /^[A-Z_][A-Z0-9_]{1,80}$/.test(snake) ? snake : 'SECRET';
}
