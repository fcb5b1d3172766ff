/**
 * Python, read with `@lezer/python` — the parser JupyterLab's own editor uses — after IPython
 * syntax is masked. Gives rules what they need without each walking the tree: imports and
 * aliases (carried from earlier cells), calls with resolved callee names and split arguments,
 * and string literals bound to names.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { scanImports } from './imports.js';
import { parsePython } from './parse.js';
import { maskMagics, type MaskedSource } from './magics.js';

/** local name → fully qualified name (`t` → `torch`, `jl` → `joblib.load`). */
export type ImportMap = ReadonlyMap<string, string>;

export interface CallArgument {
  /** Keyword name for `name=value`. */
  readonly name?: string;
  /** `*` or `**` unpacking. */
  readonly star?: '*' | '**';
  /** Range of the whole argument (keyword included). */
  readonly range: readonly [number, number];
  /** The value expression. */
  readonly value: SyntaxNode;
  readonly valueText: string;
}

export interface Call {
  readonly node: SyntaxNode;
  /**
   * Qualified callee, resolved through imports: `torch.load`, `transformers.AutoModel.from_pretrained`.
   * A method called on another call's result keeps `()`: `torch.load().to`, `boto3.Session().client`.
   */
  readonly callee: string;
  /** The callee as written: `t.load`. */
  readonly calleeText: string;
  readonly args: readonly CallArgument[];
  /** Range of the argument list, parentheses included. */
  readonly argListRange: readonly [number, number];
}

export interface StringLiteral {
  /** Decoded value (escapes resolved for plain strings). */
  readonly value: string;
  /** Range of the whole literal, quotes and prefix included. */
  readonly range: readonly [number, number];
  /** Range of the characters between the quotes. */
  readonly contentRange: readonly [number, number];
  /** True when content offsets map 1:1 onto value offsets (no escapes, not an f-string). */
  readonly verbatim: boolean;
  readonly node: SyntaxNode;
}

const STRING_PREFIX = /^[rRbBuUfF]{0,2}/;

/** Decode a Python string literal's text. Returns undefined for f-strings with replacements. */
export function decodeString(
  text: string,
  from: number,
  node: SyntaxNode,
): StringLiteral | undefined {
  const prefix = STRING_PREFIX.exec(text)?.[0] ?? '';
  const rest = text.slice(prefix.length);
  const quote =
    rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  if (quote !== '"' && quote !== "'" && quote !== '"""' && quote !== "'''") return undefined;
  const closed = rest.length >= quote.length * 2 && rest.endsWith(quote);
  const inner = rest.slice(quote.length, closed ? rest.length - quote.length : rest.length);
  const contentFrom = from + prefix.length + quote.length;
  const raw = /r/i.test(prefix);
  const isF = /f/i.test(prefix);
  if (isF && node.firstChild) return undefined;
  let value = inner;
  let verbatim = true;
  if (!raw && inner.includes('\\')) {
    verbatim = false;
    value = inner.replace(
      /\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3})/g,
      (_m, esc: string) => {
        switch (esc[0]) {
          case '\n':
          case '\r':
            return '';
          case 'n':
            return '\n';
          case 't':
            return '\t';
          case 'r':
            return '\r';
          case 'a':
            return '\u0007';
          case 'b':
            return '\b';
          case 'f':
            return '\f';
          case 'v':
            return '\v';
          case 'x':
          case 'u':
            return String.fromCharCode(parseInt(esc.slice(1), 16));
          case '\\':
          case '"':
          case "'":
            return esc;
          default:
            return String.fromCharCode(parseInt(esc, 8));
        }
      },
    );
  }
  return {
    value,
    range: [from, from + text.length],
    contentRange: [contentFrom, contentFrom + inner.length],
    verbatim,
    node,
  };
}

/** Map of aliases defined by import statements in one cell's tree, in source order. */
export function importsOf(tree: Tree, text: string, into: Map<string, string>): void {
  const cursor = tree.cursor();
  do {
    if (cursor.name === 'ImportStatement') importStatementInto(cursor.node, text, into);
  } while (cursor.next());
}

/** The aliases one `ImportStatement` node binds. */
function importStatementInto(node: SyntaxNode, text: string, into: Map<string, string>): void {
  const parts: { name: string; text: string }[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    parts.push({ name: child.name, text: text.slice(child.from, child.to) });
  }
  if (parts[0]?.name === 'from') {
    // from a.b import c as d, e
    let i = 1;
    let module = '';
    while (i < parts.length && parts[i]!.name !== 'import') module += parts[i++]!.text;
    i++;
    while (i < parts.length) {
      const part = parts[i]!;
      if (part.name === 'VariableName') {
        const isAlias = parts[i + 1]?.name === 'as' && parts[i + 2]?.name === 'VariableName';
        const local = isAlias ? parts[i + 2]!.text : part.text;
        // A relative import names a module of the user's own package: `from . import torch` binds
        // `.torch`, which never resolves to the library of the same name.
        const qualified = module.startsWith('.')
          ? `${module}${module.endsWith('.') ? '' : '.'}${part.text}`
          : `${module}.${part.text}`;
        into.set(local, qualified);
        i += isAlias ? 3 : 1;
      } else i++;
    }
  } else {
    // import a.b.c as d, e
    let i = 1;
    while (i < parts.length) {
      let dotted = '';
      while (i < parts.length && (parts[i]!.name === 'VariableName' || parts[i]!.name === '.'))
        dotted += parts[i++]!.text;
      if (parts[i]?.name === 'as' && parts[i + 1]?.name === 'VariableName') {
        into.set(parts[i + 1]!.text, dotted);
        i += 2;
      } else if (dotted) {
        // `import a.b` binds `a`; `a.b.x` then resolves textually. A later plain import rebinds
        // the name (`try: import cPickle as pickle` / `except: import pickle`).
        const head = dotted.split('.')[0]!;
        into.set(head, head);
      }
      i++;
    }
  }
}

/** CPython's tokenizer limit on nested brackets (MAXLEVEL). */
const MAX_BRACKET_DEPTH = 200;
/**
 * Attribute accesses in one statement (`a.b.c…`, `x.f().g()…`). Each is one level of AST
 * nesting, and CPython's compiler gives up ("maximum recursion depth exceeded during
 * compilation") after a few thousand; lezer would take seconds on the hundreds of thousands a
 * hostile cell can hold.
 */
const MAX_STATEMENT_ATTRIBUTES = 10_000;

function isIdentifierStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/**
 * Is this text beyond what Python itself accepts: `([{` nested deeper than `maxDepth`, or one
 * statement with more than `maxAttributes` attribute accesses? Strings and comments are skipped.
 * Linear, no allocation.
 */
export function exceedsParserLimits(
  text: string,
  maxDepth = MAX_BRACKET_DEPTH,
  maxAttributes = MAX_STATEMENT_ATTRIBUTES,
): boolean {
  let depth = 0;
  let attributes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 10 /* \n */) {
      if (depth === 0) attributes = 0;
    } else if (c === 46 /* . */) {
      if (isIdentifierStart(text.charCodeAt(i + 1)) && ++attributes > maxAttributes) return true;
    } else if (c === 35 /* # */) {
      const end = text.indexOf('\n', i);
      if (end === -1) return false;
      i = end - 1;
    } else if (c === 34 || c === 39 /* " ' */) {
      const quote = text[i]!;
      const triple = text.startsWith(quote.repeat(3), i);
      const close = triple ? quote.repeat(3) : quote;
      let j = i + close.length;
      for (; j < text.length; j++) {
        const d = text[j]!;
        if (d === '\\') j++;
        else if (text.startsWith(close, j)) break;
        else if (!triple && d === '\n') break;
      }
      // An unclosed one-line string ends at its line end, which then counts as a newline.
      i = j < text.length && text[j] === '\n' ? j - 1 : j + close.length - 1;
    }
  }
  return false;
}

/** Does the text nest `([{` deeper than `limit`, outside strings and comments? Linear. */
export function bracketDepthExceeds(text: string, limit: number): boolean {
  return exceedsParserLimits(text, limit, Infinity);
}

/**
 * Longest dotted callee we resolve. Real callees have a handful of parts; the limit keeps a
 * hostile `x.to(d).to(d)…` chain linear instead of re-walking the chain for every call in it.
 */
const MAX_CALLEE_PARTS = 32;
const MAX_CALLEE_CHARS = 512;

/** Dotted text of a callee made only of names and attributes; undefined for anything else. */
function dottedName(node: SyntaxNode, text: string, budget = MAX_CALLEE_PARTS): string | undefined {
  if (budget <= 0) return undefined;
  if (node.name === 'VariableName') return text.slice(node.from, node.to);
  if (node.name === 'MemberExpression') {
    const object = node.firstChild;
    const property = node.lastChild;
    if (!object || !property || property.name !== 'PropertyName') return undefined;
    const head = dottedName(object, text, budget - 1);
    return head === undefined ? undefined : `${head}.${text.slice(property.from, property.to)}`;
  }
  if (node.name === 'CallExpression') {
    // A method of a call's result keeps the parentheses: `torch.load(f).to(d)` is
    // `torch.load().to`, `yaml.YAML().load` is not `yaml.load`, so chained calls never pose as
    // module functions.
    const callee = node.firstChild;
    const head = callee ? dottedName(callee, text, budget - 1) : undefined;
    return head === undefined ? undefined : `${head}()`;
  }
  return undefined;
}

/** Resolve a dotted name through an import map: `t.load` with `t → torch` gives `torch.load`. */
export function resolveName(dotted: string, imports: ImportMap): string {
  const match = /[.(]/.exec(dotted);
  const dot = match ? match.index : -1;
  const head = dot === -1 ? dotted : dotted.slice(0, dot);
  const target = imports.get(head);
  if (target === undefined) return dotted;
  return dot === -1 ? target : target + dotted.slice(dot);
}

/** Split an `ArgList` node into arguments at top-level commas. */
function splitArguments(argList: SyntaxNode, text: string): CallArgument[] {
  const args: CallArgument[] = [];
  let group: SyntaxNode[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const last = group[group.length - 1]!;
    let name: string | undefined;
    let star: '*' | '**' | undefined;
    let value: SyntaxNode | undefined = last;
    if (group.length >= 3 && first.name === 'VariableName' && group[1]!.name === 'AssignOp') {
      name = text.slice(first.from, first.to);
      value = group[2];
    } else if (first.name === '*' || first.name === '**') {
      star = first.name;
      value = group[1];
    } else {
      value = first;
    }
    if (value) {
      args.push({
        ...(name !== undefined ? { name } : {}),
        ...(star ? { star } : {}),
        range: [first.from, last.to],
        value,
        valueText: text.slice(value.from, value.to),
      });
    }
    group = [];
  };
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    if (child.name === '(' || child.name === ')') continue;
    if (child.name === ',') flush();
    else if (child.name !== 'Comment') group.push(child);
  }
  flush();
  return args;
}

/**
 * A call whose arguments are split on first access: most calls of a cell are never asked for
 * their arguments (rules look at a few callees), and splitting was most of the call list's cost.
 * `args` is a getter (computed once, then cached); the other fields are plain properties.
 */
class ResolvedCallNode implements Call {
  private argsCache: CallArgument[] | undefined;
  readonly argListRange: readonly [number, number];

  constructor(
    readonly node: SyntaxNode,
    readonly callee: string,
    readonly calleeText: string,
    private readonly argList: SyntaxNode,
    private readonly sourceText: string,
    /** Shared by the calls of one source: does its text contain a word at all? */
    readonly mentions: (word: string) => boolean,
  ) {
    this.argListRange = [argList.from, argList.to];
  }

  get args(): readonly CallArgument[] {
    return (this.argsCache ??= splitArguments(this.argList, this.sourceText));
  }
}

/**
 * False when the call's source text cannot hold `word` anywhere, so no argument of the call is
 * named `word` (checked once per source and word, without splitting any argument list). True
 * when unknown (a call built elsewhere).
 */
export function sourceMayMention(call: Call, word: string): boolean {
  return call instanceof ResolvedCallNode ? call.mentions(word) : true;
}

/** What a name rebound to a value that is no dotted name or call (`yaml = None`) resolves to. */
export const LOCAL_VALUE = '<local>';

/** The name a rebinding's value stands for: `YAML(typ="rt")` → `ruamel.yaml.YAML()`, else `<local>`. */
function boundValue(
  value: SyntaxNode | null,
  text: string,
  resolve: (dotted: string) => string,
): string {
  if (!value || value.to - value.from > MAX_CALLEE_CHARS) return LOCAL_VALUE;
  const dotted = dottedName(value, text);
  if (dotted === undefined) return LOCAL_VALUE;
  return resolve(dotted);
}

interface Binding {
  /** undefined: an import bound the name again, the import map applies. */
  readonly value: string | undefined;
  readonly from: number;
  readonly until: number;
}

/**
 * Assignments to plain names inside one cell, in order and by scope: after
 * `from ruamel.yaml import YAML; yaml = YAML(typ="rt")`, `yaml.load(f)` is
 * `ruamel.yaml.YAML().load`, not PyYAML's `yaml.load` — a local rebinding of an imported (or
 * conventionally module-named) name shadows it from that statement on, to the end of the
 * function or class it is in (the module: the end of the cell). A later import of the name in
 * the same scope binds the module again.
 */
class LocalBindings {
  private readonly bindings = new Map<string, Binding[]>();

  constructor(
    private readonly text: string,
    private readonly imports: ImportMap,
  ) {}

  /** Record an `AssignStatement` or `ImportStatement` node (visited in document order). */
  statement(node: SyntaxNode): void {
    const until = scopeEnd(node);
    if (node.name === 'ImportStatement') {
      const bound = new Map<string, string>();
      importStatementInto(node, this.text, bound);
      for (const name of bound.keys()) this.add(name, undefined, node.to, until);
      return;
    }
    // `a = b = value`, `a: T = value`: names directly before an `=`; tuple targets are skipped.
    let last: SyntaxNode | null = null;
    const targets: string[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'AssignOp' && this.text.slice(child.from, child.to) === '=') {
        if (last?.name === 'VariableName') targets.push(this.text.slice(last.from, last.to));
        else if (last?.name !== 'TypeDef') return;
      }
      if (child.name === ',' && targets.length === 0) return;
      last = child;
    }
    if (targets.length === 0) return;
    const value = boundValue(node.lastChild, this.text, (dotted) =>
      this.resolve(dotted, node.from),
    );
    for (const name of targets) this.add(name, value, node.to, until);
  }

  private add(name: string, value: string | undefined, from: number, until: number): void {
    let list = this.bindings.get(name);
    if (!list) this.bindings.set(name, (list = []));
    list.push({ value, from, until });
  }

  /** `dotted` (a callee as written) resolved at offset `at`. */
  resolve(dotted: string, at: number): string {
    if (this.bindings.size > 0) {
      const match = /[.(]/.exec(dotted);
      const head = match ? dotted.slice(0, match.index) : dotted;
      const list = this.bindings.get(head);
      if (list) {
        for (let i = list.length - 1; i >= 0; i--) {
          const binding = list[i]!;
          if (binding.from > at || binding.until <= at) continue;
          if (binding.value === undefined) break;
          return match ? binding.value + dotted.slice(match.index) : binding.value;
        }
      }
    }
    return resolveName(dotted, this.imports);
  }
}

/**
 * End of the function or class body a statement is in; the cell's end at module level. Python
 * allows 100 levels of indentation (MAXINDENT in its tokenizer), so the walk up is bounded: a
 * hostile cell nested deeper stays linear.
 */
function scopeEnd(node: SyntaxNode): number {
  let depth = 0;
  for (let parent = node.parent; parent && depth < 256; parent = parent.parent, depth++) {
    if (parent.name === 'FunctionDefinition' || parent.name === 'ClassDefinition') return parent.to;
  }
  return Number.MAX_SAFE_INTEGER;
}

const TOP_LEVEL_ASSIGNMENT = /^([A-Za-z_]\w{0,100})[ \t]{0,64}=(?!=)[ \t]{0,64}([^\n]{0,600})/gm;
const IMPORT_LINE = /^[ \t]{0,64}(?:from|import)[ \t][^\n]{0,2000}/gm;
const CALL_OR_NAME = /^([A-Za-z_][\w.]{0,300})[ \t]{0,64}(\(|$|#)/;

/**
 * What later cells see of this cell's module-level rebindings: a name this cell imports, or a
 * part of what it imports (`yaml` of `from ruamel.yaml import YAML`), assigned at column 0
 * after its last import (`yaml = YAML(typ="rt")`) stands for the assigned value from then on
 * (`ruamel.yaml.YAML()`). Read line by line, without the tree, like the imports themselves.
 */
function shadowModuleNames(text: string, own: Map<string, string>): void {
  if (!/^[A-Za-z_]\w{0,100}[ \t]{0,64}=(?!=)/m.test(text)) return;
  const names = new Set(own.keys());
  for (const target of own.values()) for (const part of target.split('.')) names.add(part);
  // Where each name was last imported: an import after the assignment wins.
  const lastImport = new Map<string, number>();
  for (const line of text.matchAll(IMPORT_LINE)) {
    for (const word of line[0].split(/\W+/)) lastImport.set(word, line.index);
  }
  const found: [string, string][] = [];
  for (const match of text.matchAll(TOP_LEVEL_ASSIGNMENT)) {
    const name = match[1]!;
    if (!names.has(name) || (lastImport.get(name) ?? -1) > match.index) continue;
    const value = CALL_OR_NAME.exec(match[2]!.trim());
    const dotted = value ? value[1]! + (value[2] === '(' ? '()' : '') : undefined;
    found.push([name, dotted === undefined ? LOCAL_VALUE : resolveName(dotted, own)]);
  }
  for (const [name, value] of found) own.set(name, value);
}

/** One cell (or file) of Python, parsed on first use. */
export class PythonSource {
  readonly masked: MaskedSource;
  private treeCache: Tree | undefined;
  private ownImports: Map<string, string> | undefined;
  private exported: ImportMap | undefined;
  private callsCache: Call[] | undefined;
  private tooDeep = false;

  constructor(
    readonly text: string,
    /** Imports from earlier cells of the same notebook. */
    readonly inheritedImports: ImportMap = new Map(),
  ) {
    this.masked = maskMagics(text);
  }

  get tree(): Tree {
    if (!this.treeCache) {
      const text = this.masked.isPython ? this.masked.text : '';
      // CPython rejects more than 200 nested brackets ("too many nested parentheses", MAXLEVEL in
      // its tokenizer) and cannot compile statements nested thousands deep; lezer would spend
      // seconds to minutes on such input. Not Python: no tree.
      this.tooDeep = exceedsParserLimits(text);
      this.treeCache = parsePython(this.tooDeep ? '' : text);
    }
    return this.treeCache;
  }

  /**
   * Where the tree ends when the parser gave up on a line it could not read in linear time (see
   * `parsePython`): the offset of that line's start. Undefined when the whole text was parsed or
   * nothing asked for the tree (never parses by itself).
   */
  get parseStoppedAt(): number | undefined {
    const tree = this.treeCache;
    if (!tree || this.tooDeep || !this.masked.isPython) return undefined;
    return tree.length < this.masked.text.length && this.masked.text.slice(tree.length).trim()
      ? tree.length
      : undefined;
  }

  /** True when the cell nests deeper than Python allows and was not parsed. */
  get unparsable(): boolean {
    void this.tree;
    return this.tooDeep;
  }

  /** The imports this cell's own import statements bind (no rebindings). */
  private get importStatements(): Map<string, string> {
    if (!this.ownImports) {
      this.ownImports = new Map();
      // Read linearly without parsing; the tree only when the scanner is not certain.
      if (
        this.masked.isPython &&
        /\bimport\b/.test(this.text) &&
        // A cell beyond Python's nesting limits is never parsed, so it defines no imports.
        !exceedsParserLimits(this.masked.text) &&
        !scanImports(this.masked.text, this.ownImports)
      )
        importsOf(this.tree, this.masked.text, this.ownImports);
    }
    return this.ownImports;
  }

  /**
   * Imports this cell defines for the cells after it: its import statements, then the
   * module-level rebindings of those names (`yaml = YAML()`, see `shadowModuleNames`). Inside
   * the cell itself rebindings apply from their statement on (`calls`).
   */
  get definedImports(): ImportMap {
    if (!this.exported) {
      const own = this.importStatements;
      if (own.size === 0) this.exported = own;
      else {
        const exported = new Map(own);
        shadowModuleNames(this.masked.text, exported);
        this.exported = exported;
      }
    }
    return this.exported;
  }

  /** Inherited imports overlaid with this cell's own import statements. */
  get imports(): ImportMap {
    const own = this.importStatements;
    if (own.size === 0) return this.inheritedImports;
    const merged = new Map(this.inheritedImports);
    for (const [k, v] of own) merged.set(k, v);
    return merged;
  }

  /**
   * Every call expression, callee resolved. Calls with a non-name callee are skipped. Computed
   * once per source: every rule that asks gets the same array, so do not mutate it.
   */
  calls(): Call[] {
    if (this.callsCache) return this.callsCache;
    const calls: Call[] = [];
    const imports = this.imports;
    const text = this.masked.text;
    const seen = new Map<string, boolean>();
    const mentions = (word: string): boolean => {
      let found = seen.get(word);
      if (found === undefined) seen.set(word, (found = text.includes(word)));
      return found;
    };
    const locals = new LocalBindings(text, imports);
    const cursor = this.tree.cursor();
    do {
      if (cursor.name === 'AssignStatement' || cursor.name === 'ImportStatement') {
        locals.statement(cursor.node);
        continue;
      }
      if (cursor.name !== 'CallExpression') continue;
      const node = cursor.node;
      const calleeNode = node.firstChild;
      const argList = node.lastChild;
      if (!calleeNode || !argList || argList.name !== 'ArgList') continue;
      // A callee longer than this is a hostile chain, not a name worth resolving (O(1) to check).
      const calleeText =
        calleeNode.to - calleeNode.from > MAX_CALLEE_CHARS
          ? undefined
          : dottedName(calleeNode, text);
      if (calleeText === undefined) continue;
      calls.push(
        new ResolvedCallNode(
          node,
          locals.resolve(calleeText, node.from),
          calleeText,
          argList,
          text,
          mentions,
        ),
      );
    } while (cursor.next());
    this.callsCache = calls;
    return calls;
  }

  /** The string literal a node is, if it is one. */
  stringAt(node: SyntaxNode): StringLiteral | undefined {
    if (node.name !== 'String' && node.name !== 'FormatString') return undefined;
    return decodeString(this.text.slice(node.from, node.to), node.from, node);
  }

  /** Text of a node in the original source. */
  textOf(node: { from: number; to: number }): string {
    return this.text.slice(node.from, node.to);
  }
}

/**
 * Build the import context of each cell of a notebook: `contexts[i]` holds the imports of cells
 * `0..i-1`. Cells are parsed only when they mention `import`.
 */
export function importContexts(sources: readonly string[]): ImportMap[] {
  const contexts: ImportMap[] = [];
  let current: Map<string, string> = new Map();
  for (const source of sources) {
    contexts.push(current);
    if (/\bimport\b/.test(source)) {
      const own = new PythonSource(source).definedImports;
      if (own.size > 0) {
        current = new Map(current);
        for (const [k, v] of own) current.set(k, v);
      }
    }
  }
  return contexts;
}
