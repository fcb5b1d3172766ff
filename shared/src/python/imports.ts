/**
 * A linear, line-based reader of Python import statements: the imports a cell defines without
 * parsing it. Reads `import a.b as c, d`, `from x import (a as b,\n c)`, relative `from . import
 * x`, indented imports (`try:` bodies, functions), several statements on a line (`;`) and
 * backslash continuations; skips strings and comments. Anything it does not read with certainty
 * (an import after `:` on the same line, a comment inside an import, an unclosed bracket or
 * string, non-ASCII names, a keyword where a name should be) makes it return undefined, and the
 * caller reads the lezer tree instead.
 */

/** One statement of a cell: its text with strings blanked, comments and continuations removed. */
interface Statement {
  text: string;
  hadComment: boolean;
}

const IDENT = /^[A-Za-z_]\w{0,1000}$/;
const IMPORT_WORD = /\bimport\b/;
const WHITESPACE = /\s/;

const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/**
 * Split text into statements: newlines end one outside brackets (not after a backslash), so do
 * `;` outside brackets. Strings become `""`, comments vanish (noted). Undefined when the text ends
 * inside a bracket or string, or a bracket closes that never opened.
 */
function statements(text: string): Statement[] | undefined {
  const out: Statement[] = [];
  let current = '';
  let hadComment = false;
  let depth = 0;
  const flush = (): void => {
    if (current.trim() !== '') out.push({ text: current.trim(), hadComment });
    current = '';
    hadComment = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      hadComment = true;
      if (end === -1) break;
      i = end - 1;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c + c + c, i);
      const close = triple ? c + c + c : c;
      let j = i + close.length;
      for (; j < text.length; j++) {
        const d = text[j]!;
        if (d === '\\') j++;
        else if (text.startsWith(close, j)) break;
        else if (!triple && d === '\n') return undefined;
      }
      if (j >= text.length) return undefined;
      // String prefixes (`r`, `b`, `f`…) stay as identifier characters before `""`: harmless.
      current += '""';
      i = j + close.length - 1;
    } else if (c === '\\' && (text[i + 1] === '\n' || text.startsWith('\r\n', i + 1))) {
      current += ' ';
      i += text[i + 1] === '\r' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      current += c;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return undefined;
      depth--;
      current += c;
    } else if (c === '\n' || c === '\r') {
      if (depth === 0) flush();
      else current += ' ';
    } else if (c === ';' && depth === 0) {
      flush();
    } else {
      current += c;
    }
  }
  if (depth !== 0) return undefined;
  flush();
  return out;
}

function isName(name: string | undefined): name is string {
  return name !== undefined && IDENT.test(name) && !KEYWORDS.has(name);
}

/** `a . b.c` → `a.b.c`; undefined unless every part is a name. */
function dottedName(raw: string): string | undefined {
  const parts = raw.split('.').map((part) => part.trim());
  return parts.every(isName) ? parts.join('.') : undefined;
}

/** `dotted` or `dotted as name` (whitespace-separated tokens, dots may be spaced). */
function importItem(raw: string): { dotted: string; alias?: string } | undefined {
  const tokens = raw.trim().split(/\s+/);
  const as = tokens.indexOf('as');
  if (as === -1) {
    const dotted = dottedName(tokens.join(' '));
    return dotted === undefined ? undefined : { dotted };
  }
  if (as !== tokens.length - 2 || !isName(tokens[as + 1])) return undefined;
  const dotted = dottedName(tokens.slice(0, as).join(' '));
  return dotted === undefined ? undefined : { dotted, alias: tokens[as + 1]! };
}

/** The module of `from <module> import`: leading dots (spaces allowed), then a dotted name. */
function fromModule(raw: string): string | undefined {
  let dots = '';
  let i = 0;
  for (; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '.') dots += '.';
    else if (!WHITESPACE.test(c)) break;
  }
  const rest = raw.slice(i).trim();
  if (rest === '') return dots === '' ? undefined : dots;
  const dotted = dottedName(rest);
  return dotted === undefined ? undefined : dots + dotted;
}

/**
 * Imports a cell defines, in source order, into `into` (same bindings as reading the lezer tree).
 * Returns false, leaving `into` untouched, when the text is not read with certainty.
 */
export function scanImports(text: string, into: Map<string, string>): boolean {
  const list = statements(text);
  if (!list) return false;
  const found: [string, string][] = [];
  for (const { text: statement, hadComment } of list) {
    if (!IMPORT_WORD.test(statement)) continue;
    if (hadComment) return false;
    if (statement.startsWith('import') && WHITESPACE.test(statement[6] ?? '')) {
      for (const raw of statement.slice(7).split(',')) {
        const item = importItem(raw);
        if (!item) return false;
        // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
        if (item.alias !== undefined) found.push([item.alias, item.dotted]);
        else {
          const head = item.dotted.split('.')[0]!;
          found.push([head, head]);
        }
      }
      continue;
    }
    if (!statement.startsWith('from') || !/^[\s.]$/.test(statement[4] ?? '')) return false;
    const at = IMPORT_WORD.exec(statement);
    if (!at || !/^[\s.]$/.test(statement[at.index - 1] ?? '')) return false;
    const module = fromModule(statement.slice(4, at.index));
    if (module === undefined) return false;
    let names = statement.slice(at.index + 6).trim();
    if (names === '*') continue;
    if (names.startsWith('(')) {
      if (!names.endsWith(')')) return false;
      names = names.slice(1, -1).trim();
      if (names.endsWith(',')) names = names.slice(0, -1);
    }
    for (const raw of names.split(',')) {
      const item = importItem(raw);
      if (!item || item.dotted.includes('.')) return false;
      const name = item.dotted;
      // A relative import names a module of the user's own package: `from . import torch` binds
      // `.torch`, which never resolves to the library of the same name.
      const qualified = module.startsWith('.')
        ? `${module}${module.endsWith('.') ? '' : '.'}${name}`
        : `${module}.${name}`;
      found.push([item.alias ?? name, qualified]);
    }
  }
  for (const [local, target] of found) into.set(local, target);
  return true;
}
