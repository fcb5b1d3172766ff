/**
 * What a notebook loads: each load call with the thing it names — a local model file (the path
 * worked out from literals), a Hugging Face model, file or dataset id with its `revision`, or a
 * `torch.hub` repo. The ML-BOM lists them, `hub-load-without-revision` checks the remote ones,
 * and front ends read the local files so the load call's finding can carry the file's verdict.
 *
 * Paths are worked out only from what is certain in the text: a string literal, a name assigned
 * a literal (the last assignment before the call, in notebook order), an f-string of those,
 * `os.path.join` / `pathlib.Path(…)` / `/` / `+` / `.joinpath` of those, `str(…)` / `os.fspath`,
 * and a file object opened from such a path (`with open(p, "rb") as f: pickle.load(f)`). Nothing
 * is executed; anything else (a loop variable, a function argument, a config lookup) is unknown.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Range } from '../model/finding.js';
import type { NotebookDoc } from '../model/notebook.js';
import { keywordArgument, positionalArgument } from '../python/edits.js';
import {
  importContexts,
  PythonSource,
  resolveName,
  type Call,
  type ImportMap,
} from '../python/source.js';
import { canonicalName } from '../rules/model-loading/common.js';

export type LoadKind =
  'local-file' | 'huggingface-model' | 'huggingface-file' | 'huggingface-dataset' | 'torch-hub';

export interface LoadReference {
  readonly kind: LoadKind;
  readonly cellIndex: number;
  /** The call, in UTF-16 offsets into the cell source. */
  readonly range: Range;
  /** 1-based line of the call's start in the cell. */
  readonly line: number;
  /** Canonical callee: `torch.load`, `transformers.AutoModel.from_pretrained`. */
  readonly callee: string;
  /** Local files: the path as the notebook spells it, `/`-separated (`models/m.pkl`). */
  readonly path?: string;
  /** Remote: repo or dataset id (`bert-base-uncased`, `pytorch/vision`). */
  readonly id?: string;
  /** `hf_hub_download`'s `filename`, `torch.hub.load`'s model name. */
  readonly file?: string;
  /** The revision as written (`revision="…"`, or `repo:ref` for `torch.hub`), if literal. */
  readonly revision?: string;
  /** True when `revision` is a full commit hash: the only reference that cannot move. */
  readonly pinned: boolean;
  /** True when a revision is passed but is not a literal (a variable, a config value). */
  readonly revisionUnknown?: boolean;
}

/** Where a loader takes its path: positional index and keyword name. */
interface PathArgument {
  readonly index: number;
  readonly keyword: string;
}

/** Loaders of local model files, by canonical name (argument names from each library's docs). */
const LOCAL_LOADERS: ReadonlyMap<string, PathArgument> = new Map([
  ['torch.load', { index: 0, keyword: 'f' }],
  ['torch.serialization.load', { index: 0, keyword: 'f' }],
  ['torch.jit.load', { index: 0, keyword: 'f' }],
  ['pickle.load', { index: 0, keyword: 'file' }],
  ['pickle.Unpickler', { index: 0, keyword: 'file' }],
  ['dill.load', { index: 0, keyword: 'file' }],
  ['cloudpickle.load', { index: 0, keyword: 'file' }],
  ['joblib.load', { index: 0, keyword: 'filename' }],
  ['numpy.load', { index: 0, keyword: 'file' }],
  ['pandas.read_pickle', { index: 0, keyword: 'filepath_or_buffer' }],
  ['keras.models.load_model', { index: 0, keyword: 'filepath' }],
  ['keras.saving.load_model', { index: 0, keyword: 'filepath' }],
  ['safetensors.torch.load_file', { index: 0, keyword: 'filename' }],
  ['safetensors.numpy.load_file', { index: 0, keyword: 'filename' }],
  ['safetensors.safe_open', { index: 0, keyword: 'filename' }],
  ['skops.io.load', { index: 0, keyword: 'file' }],
]);

/**
 * `datasets.load_dataset` builders that read local files (`load_dataset("csv", data_files=…)`),
 * not hub datasets (datasets docs, "Load local files").
 */
const PACKAGED_BUILDERS = new Set([
  'csv',
  'json',
  'parquet',
  'text',
  'arrow',
  'pandas',
  'sql',
  'webdataset',
  'xml',
  'imagefolder',
  'audiofolder',
  'videofolder',
  'generator',
]);

/** Calls that can name something to load: a cheap textual prefilter before any parse. */
const TRIGGER =
  /load|Unpickler|read_pickle|from_pretrained|hf_hub_download|snapshot_download|safe_open/;

/** A full git commit hash: the Hub resolves it to one immutable tree. */
const COMMIT = /^[0-9a-f]{40}$/;

export function isCommitHash(revision: string): boolean {
  return COMMIT.test(revision);
}

/** Does a hub id look like a local folder or file (`./ckpt`, `/data/m`, `a/b/c`, `C:\m`)? */
export function looksLocal(id: string): boolean {
  if (id === '' || /^[./~]/.test(id) || id.includes('\\') || /^[A-Za-z]:/.test(id)) return true;
  return id.split('/').length > 2;
}

/** A value the evaluator can know: a string, a path, or a file opened from a path. */
type Value =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'file'; readonly path: string };

const MAX_DEPTH = 16;
const MAX_VALUE = 4096;

function joinParts(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (part.startsWith('/') || /^[A-Za-z]:[\\/]/.test(part)) out = part;
    else if (out === '' || out.endsWith('/')) out += part;
    else out += `/${part}`;
  }
  return out;
}

interface Binding {
  readonly cellIndex: number;
  readonly from: number;
  readonly value: SyntaxNode;
  readonly source: PythonSource;
  /** A `with … as name` binding: the value is the context manager (a file). */
  readonly viaWith: boolean;
}

/**
 * Assignments of one notebook, read lazily: a cell is parsed for bindings only when it mentions
 * the name asked about.
 */
export class NotebookBindings {
  private readonly sources = new Map<number, PythonSource>();
  private readonly byCell = new Map<number, Map<string, Binding[]>>();
  private contexts: ImportMap[] | undefined;

  constructor(readonly notebook: NotebookDoc) {}

  /** The parsed source of a code cell (shared with `loadReferences`). */
  source(cellIndex: number): PythonSource | undefined {
    const cell = this.notebook.cells[cellIndex];
    if (!cell || cell.kind !== 'code') return undefined;
    let source = this.sources.get(cellIndex);
    if (!source) {
      this.contexts ??= importContexts(
        this.notebook.cells.map((c) => (c.kind === 'code' ? c.source : '')),
      );
      source = new PythonSource(cell.source, this.contexts[cellIndex]);
      this.sources.set(cellIndex, source);
    }
    return source;
  }

  private bindingsOf(cellIndex: number): Map<string, Binding[]> {
    let map = this.byCell.get(cellIndex);
    if (map) return map;
    map = new Map();
    this.byCell.set(cellIndex, map);
    const source = this.source(cellIndex);
    if (!source) return map;
    const add = (name: string, binding: Binding): void => {
      const list = map!.get(name) ?? [];
      list.push(binding);
      map!.set(name, list);
    };
    const cursor = source.tree.cursor();
    do {
      if (cursor.name === 'AssignStatement') {
        const node = cursor.node;
        const children: SyntaxNode[] = [];
        for (let c = node.firstChild; c; c = c.nextSibling) children.push(c);
        const value = children[children.length - 1];
        if (!value || children.length < 3) continue;
        // `a = b = "x"`: every name before an `=`; `p: str = "x"` too. Tuples are not followed.
        for (let i = 0; i + 1 < children.length - 1; i++) {
          const target = children[i]!;
          const next = children[i + 1]!;
          const typed = next.name === 'TypeDef' && children[i + 2]?.name === 'AssignOp';
          if (target.name === 'VariableName' && (next.name === 'AssignOp' || typed))
            add(source.textOf(target), {
              cellIndex,
              from: node.from,
              value,
              source,
              viaWith: false,
            });
        }
      } else if (cursor.name === 'WithStatement') {
        const node = cursor.node;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name !== 'as') continue;
          const expression = c.prevSibling;
          const target = c.nextSibling;
          if (expression && target?.name === 'VariableName')
            add(source.textOf(target), {
              cellIndex,
              from: node.from,
              value: expression,
              source,
              viaWith: true,
            });
        }
      }
    } while (cursor.next());
    return map;
  }

  /** The last binding of `name` before `(cellIndex, offset)`, in notebook order. */
  lookup(name: string, cellIndex: number, offset: number): Binding | undefined {
    for (let i = cellIndex; i >= 0; i--) {
      const cell = this.notebook.cells[i];
      if (!cell || cell.kind !== 'code' || !cell.source.includes(name)) continue;
      const list = this.bindingsOf(i).get(name);
      if (!list) continue;
      for (let j = list.length - 1; j >= 0; j--) {
        const binding = list[j]!;
        if (i < cellIndex || binding.from < offset) return binding;
      }
    }
    return undefined;
  }

  /** Evaluate an expression to a string or file when the text makes it certain; else undefined. */
  evaluate(
    node: SyntaxNode,
    source: PythonSource,
    cellIndex: number,
    depth = 0,
  ): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const str = (value: string): Value | undefined =>
      value.length > MAX_VALUE ? undefined : { kind: 'str', value };
    const asString = (n: SyntaxNode | null | undefined): string | undefined => {
      if (!n) return undefined;
      const value = this.evaluate(n, source, cellIndex, depth + 1);
      return value?.kind === 'str' ? value.value : undefined;
    };
    switch (node.name) {
      case 'String': {
        const literal = source.stringAt(node);
        if (!literal || /^[a-zA-Z]{0,2}/.exec(source.textOf(node))?.[0].toLowerCase().includes('b'))
          return undefined;
        return str(literal.value);
      }
      case 'FormatString':
        return this.formatString(node, source, cellIndex, depth);
      case 'VariableName': {
        const binding = this.lookup(source.textOf(node), cellIndex, node.from);
        if (!binding) return undefined;
        const value = this.evaluate(binding.value, binding.source, binding.cellIndex, depth + 1);
        return value;
      }
      case 'ParenthesizedExpression':
        return this.evaluate(node.firstChild?.nextSibling ?? node, source, cellIndex, depth + 1);
      case 'BinaryExpression': {
        const left = node.firstChild;
        const op = left?.nextSibling;
        const right = op?.nextSibling;
        if (!left || !op || !right) return undefined;
        const operator = source.textOf(op);
        const a = asString(left);
        const b = asString(right);
        if (a === undefined || b === undefined) return undefined;
        if (operator === '/') return str(joinParts([a, b]));
        if (operator === '+') return str(a + b);
        return undefined;
      }
      case 'CallExpression':
        return this.call(node, source, cellIndex, depth);
      default:
        return undefined;
    }
  }

  private formatString(
    node: SyntaxNode,
    source: PythonSource,
    cellIndex: number,
    depth: number,
  ): Value | undefined {
    const text = source.textOf(node);
    const prefix = /^[a-zA-Z]{0,2}/.exec(text)?.[0] ?? '';
    const rest = text.slice(prefix.length);
    const quote = rest.startsWith('"""') || rest.startsWith("'''") ? 3 : 1;
    const start = node.from + prefix.length + quote;
    const end = node.to - quote;
    if (end < start) return undefined;
    const raw = /r/i.test(prefix);
    let out = '';
    let at = start;
    const literal = (from: number, to: number): boolean => {
      const part = source.text.slice(from, to);
      if (!raw && part.includes('\\')) return false;
      out += part.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      return true;
    };
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== 'FormatReplacement') continue;
      if (!literal(at, child.from)) return undefined;
      // `{expr}` only: a conversion (`!r`) or a format spec (`:03d`) changes the text.
      const open = child.firstChild;
      const expression = open?.nextSibling;
      const close = expression?.nextSibling;
      if (!expression || close?.name !== '}' || close.nextSibling) return undefined;
      const value = this.evaluate(expression, source, cellIndex, depth + 1);
      if (value?.kind !== 'str') return undefined;
      out += value.value;
      at = child.to;
    }
    if (!literal(at, end)) return undefined;
    return out.length > MAX_VALUE ? undefined : { kind: 'str', value: out };
  }

  private call(
    node: SyntaxNode,
    source: PythonSource,
    cellIndex: number,
    depth: number,
  ): Value | undefined {
    const callee = node.firstChild;
    const argList = node.lastChild;
    if (!callee || argList?.name !== 'ArgList') return undefined;
    const args: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    let pendingName: string | undefined;
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      if (c.name === '(' || c.name === ')' || c.name === ',' || c.name === 'Comment') continue;
      if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
        pendingName = source.textOf(c);
        continue;
      }
      if (c.name === 'AssignOp') continue;
      if (c.name === '*' || c.name === '**') return undefined;
      if (pendingName !== undefined) {
        keywords.set(pendingName, c);
        pendingName = undefined;
      } else args.push(c);
    }
    const strings = (nodes: readonly SyntaxNode[]): string[] | undefined => {
      const out: string[] = [];
      for (const n of nodes) {
        const value = this.evaluate(n, source, cellIndex, depth + 1);
        if (value?.kind !== 'str') return undefined;
        out.push(value.value);
      }
      return out;
    };
    // `Path(a).joinpath(b)`, `Path(a).open("rb")`: methods of a known path.
    if (callee.name === 'MemberExpression') {
      const object = callee.firstChild;
      const method = callee.lastChild ? source.textOf(callee.lastChild) : '';
      if (object && (method === 'joinpath' || method === 'open' || method === 'expanduser')) {
        const base = this.evaluate(object, source, cellIndex, depth + 1);
        if (base?.kind !== 'str') return undefined;
        if (method === 'open') return { kind: 'file', path: base.value };
        if (method === 'expanduser') return base;
        const parts = strings(args);
        return parts ? { kind: 'str', value: joinParts([base.value, ...parts]) } : undefined;
      }
    }
    const dotted = source.textOf(callee).replace(/\s+/g, '');
    const name = resolveName(dotted, source.imports);
    switch (name) {
      case 'os.path.join':
      case 'posixpath.join': {
        const parts = strings(args);
        return parts && parts.length > 0 ? { kind: 'str', value: joinParts(parts) } : undefined;
      }
      case 'Path':
      case 'pathlib.Path':
      case 'pathlib.PurePath':
      case 'pathlib.PosixPath':
      case 'pathlib.PurePosixPath': {
        const parts = strings(args);
        return parts
          ? { kind: 'str', value: parts.length === 0 ? '.' : joinParts(parts) }
          : undefined;
      }
      case 'str':
      case 'os.fspath':
      case 'os.path.normpath':
      case 'os.path.expanduser':
        return args.length === 1
          ? this.evaluate(args[0]!, source, cellIndex, depth + 1)
          : undefined;
      case 'open':
      case 'io.open':
      case 'builtins.open': {
        const file = args[0] ?? keywords.get('file');
        const mode = args[1] ?? keywords.get('mode');
        const path = file ? this.evaluate(file, source, cellIndex, depth + 1) : undefined;
        if (path?.kind !== 'str') return undefined;
        const modeText = mode ? this.evaluate(mode, source, cellIndex, depth + 1) : undefined;
        // A file opened for writing is not what a later load reads from this handle.
        if (modeText?.kind === 'str' && /[wax]/.test(modeText.value)) return undefined;
        return { kind: 'file', path: path.value };
      }
      default:
        return undefined;
    }
  }
}

/** The notebook's bindings, shared by every rule of one analysis (the notebook object is the key). */
const bindingsCache = new WeakMap<NotebookDoc, NotebookBindings>();

export function bindingsFor(notebook: NotebookDoc): NotebookBindings {
  let bindings = bindingsCache.get(notebook);
  if (!bindings) {
    bindings = new NotebookBindings(notebook);
    bindingsCache.set(notebook, bindings);
  }
  return bindings;
}

function argument(call: Call, index: number, keyword: string) {
  return keywordArgument(call, keyword) ?? positionalArgument(call, index);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * What one call loads, if it is a load call whose target the text makes certain. `source` is the
 * call's cell (its imports resolved), `cellIndex` its index in `bindings.notebook`.
 */
export function referenceOf(
  call: Call,
  source: PythonSource,
  cellIndex: number,
  bindings: NotebookBindings,
): LoadReference | undefined {
  const name = canonicalName(call.callee);
  const base = {
    cellIndex,
    range: [call.node.from, call.node.to] as const,
    line: lineAt(source.text, call.node.from),
    callee: name,
  };
  const text = (index: number | undefined, keyword: string): string | undefined => {
    const arg =
      index === undefined ? keywordArgument(call, keyword) : argument(call, index, keyword);
    if (!arg) return undefined;
    const value = bindings.evaluate(arg.value, source, cellIndex);
    return value?.kind === 'str' ? value.value : undefined;
  };
  const revisionOf = (): Pick<LoadReference, 'revision' | 'pinned' | 'revisionUnknown'> => {
    const arg = keywordArgument(call, 'revision');
    if (!arg) return { pinned: false };
    const value = bindings.evaluate(arg.value, source, cellIndex);
    if (value?.kind !== 'str') return { pinned: false, revisionUnknown: true };
    return { revision: value.value, pinned: isCommitHash(value.value) };
  };

  const local = LOCAL_LOADERS.get(name);
  if (local) {
    const arg = argument(call, local.index, local.keyword);
    if (!arg) return undefined;
    const value = bindings.evaluate(arg.value, source, cellIndex);
    const path = value?.kind === 'file' ? value.path : value?.value;
    if (path === undefined || path === '' || path.startsWith('~')) return undefined;
    return { ...base, kind: 'local-file', path: path.replace(/\\/g, '/'), pinned: false };
  }
  if (name.endsWith('.from_pretrained')) {
    const id = text(0, 'pretrained_model_name_or_path');
    if (id === undefined || looksLocal(id)) return undefined;
    return { ...base, kind: 'huggingface-model', id, ...revisionOf() };
  }
  if (name === 'huggingface_hub.hf_hub_download' || name === 'huggingface_hub.snapshot_download') {
    const id = text(0, 'repo_id');
    if (id === undefined) return undefined;
    const repoType = text(undefined, 'repo_type');
    const file = name.endsWith('hf_hub_download') ? text(1, 'filename') : undefined;
    return {
      ...base,
      kind:
        repoType === 'dataset'
          ? 'huggingface-dataset'
          : file
            ? 'huggingface-file'
            : 'huggingface-model',
      id,
      ...(file !== undefined ? { file } : {}),
      ...revisionOf(),
    };
  }
  if (name === 'datasets.load_dataset') {
    const id = text(0, 'path');
    if (id === undefined || PACKAGED_BUILDERS.has(id) || looksLocal(id)) return undefined;
    return { ...base, kind: 'huggingface-dataset', id, ...revisionOf() };
  }
  if (name === 'torch.hub.load' || name === 'torch.hub.load_state_dict_from_url') {
    if (name !== 'torch.hub.load') return undefined;
    const repo = text(0, 'repo_or_dir');
    if (repo === undefined || text(undefined, 'source') === 'local') return undefined;
    const model = text(1, 'model');
    const colon = repo.indexOf(':');
    const id = colon === -1 ? repo : repo.slice(0, colon);
    const revision = colon === -1 ? undefined : repo.slice(colon + 1);
    return {
      ...base,
      kind: 'torch-hub',
      id,
      ...(model !== undefined ? { file: model } : {}),
      ...(revision !== undefined ? { revision } : {}),
      pinned: revision !== undefined && isCommitHash(revision),
    };
  }
  return undefined;
}

/** Every load reference of a notebook, in document order. Cells without a trigger word are not parsed. */
export function loadReferences(notebook: NotebookDoc): LoadReference[] {
  const bindings = bindingsFor(notebook);
  const out: LoadReference[] = [];
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.kind !== 'code' || !TRIGGER.test(cell.source)) return;
    const source = bindings.source(cellIndex);
    if (!source) return;
    for (const call of source.calls()) {
      const reference = referenceOf(call, source, cellIndex, bindings);
      if (reference) out.push(reference);
    }
  });
  return out;
}

/** The local model files a notebook's load calls name (what front ends read and scan). */
export function modelFileReferences(notebook: NotebookDoc): LoadReference[] {
  return loadReferences(notebook).filter((r) => r.kind === 'local-file');
}

/**
 * Where a referenced path may be on disk, in the order to try: absolute as is; relative against
 * the notebook's folder (Jupyter's working directory), then the workspace root (VS Code's).
 */
export function modelPathCandidates(path: string, notebookDir: string, root?: string): string[] {
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return [path];
  const trimmed = path.replace(/^(?:\.\/)+/, '');
  const out = [joinParts([notebookDir, trimmed].filter((p) => p !== ''))];
  if (root !== undefined && root !== notebookDir)
    out.push(joinParts([root, trimmed].filter((p) => p !== '')));
  return [...new Set(out.map(normalizeDots))];
}

/** `a/b/../c` → `a/c`; `./` segments dropped. */
function normalizeDots(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return `${absolute ? '/' : ''}${out.join('/')}`;
}
