/**
 * What every unsafe-load rule shares: one cheap prefilter and one resolved call list per code
 * view (memoised, so twelve rules parse a cell once and a cell without a candidate token is never
 * parsed), canonical callee names, and fix builders.
 */
import type { Fix, SourceEdit } from '../../model/finding.js';
import type { RuleContext, RuleVisitor, TextView } from '../../engine/rule.js';
import type { TextEdit } from '../../python/edits.js';
import type { Call, ImportMap } from '../../python/source.js';

/**
 * A cell can only hold a finding of this family if it contains one of these tokens — or a name
 * imported under an alias that hides them (`from pandas import read_pickle as rp`).
 */
const CANDIDATE =
  /load|Unpickler|read_pickle|trust_remote_code|use_safetensors|safe_mode|allow_dangerous|shelve|jsonpickle|unsafe_deserialization/;

/** Import contexts are shared by the cells after them, so the alias pattern is built once per map. */
const aliasPatterns = new WeakMap<ImportMap, RegExp | null>();

function aliasPattern(imports: ImportMap): RegExp | null {
  let pattern = aliasPatterns.get(imports);
  if (pattern === undefined) {
    const names: string[] = [];
    for (const [local, target] of imports) {
      if (CANDIDATE.test(target) && !CANDIDATE.test(local)) names.push(local.replace(/\W/g, ''));
    }
    pattern = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`) : null;
    aliasPatterns.set(imports, pattern);
  }
  return pattern;
}

/** Cheap test: could this cell contain an unsafe load? No parsing. */
export function mayContainUnsafeLoad(view: TextView): boolean {
  return view.memo('model-loading.candidate', () => {
    if (!view.python) return false;
    if (CANDIDATE.test(view.text)) return true;
    return aliasPattern(view.python.inheritedImports)?.test(view.text) ?? false;
  });
}

/** A call with its callee in canonical form (see `canonicalName`). */
export interface ResolvedCall {
  readonly call: Call;
  readonly name: string;
}

/**
 * Names still unresolved after import resolution are not imported in this notebook (a `%run`
 * setup script, a kernel started elsewhere): the community's fixed aliases are what they mean.
 */
const CONVENTIONAL_ALIASES: Readonly<Record<string, string>> = {
  np: 'numpy',
  pd: 'pandas',
  tf: 'tensorflow',
};

/**
 * Spellings of one API reduced to one name: `tf.keras` and `tf_keras` are `keras`, `cPickle`
 * and `_pickle` are `pickle`, `sklearn.externals.joblib` is `joblib`, unimported `np.` / `pd.` /
 * `tf.` are numpy, pandas and tensorflow.
 */
export function canonicalName(callee: string): string {
  return callee
    .replace(/^(?:np|pd|tf)(?=\.)/, (alias) => CONVENTIONAL_ALIASES[alias] ?? alias)
    .replace(/^(?:tensorflow\.(?:python\.)?keras|tf_keras)(?=\.|$)/, 'keras')
    .replace(/^keras\.src\./, 'keras.')
    .replace(/^(?:cPickle|_pickle)(?=\.|$)/, 'pickle')
    .replace(/^sklearn\.externals\.joblib(?=\.|$)/, 'joblib');
}

/**
 * The calls of a code view, callee canonical; empty without parsing when the prefilter says no.
 * The raw call list is shared with other rule families under the `python.calls` memo key.
 */
export function unsafeLoadCandidates(view: TextView): readonly ResolvedCall[] {
  return view.memo('model-loading.calls', () => {
    const python = view.python;
    if (!python || !mayContainUnsafeLoad(view)) return [];
    const calls = view.memo('python.calls', () => python.calls());
    return calls.map((call) => ({ call, name: canonicalName(call.callee) }));
  });
}

/** The name's last dotted segment: `keras.models.load_model` → `load_model`. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** A fix made of source edits to the view's cell. */
export function sourceFix(
  view: TextView,
  title: string,
  edits: readonly TextEdit[],
  options: { readonly preferred?: boolean } = {},
): Fix {
  const sourceEdits: SourceEdit[] = edits.map((edit) => ({
    kind: 'source',
    cellIndex: view.cellIndex,
    range: edit.range,
    text: edit.text,
  }));
  // None of these fixes keeps the program's meaning for every file (old checkpoints, custom YAML
  // tags, repos that need their own code), so none is ever applied without the user asking.
  return {
    title,
    edits: sourceEdits,
    applicability: 'unsafe',
    ...(options.preferred ? { preferred: true } : {}),
  };
}

/** Module prefix as written for a callee: `y.load` → `y.`, `load` → `` (imported by name). */
export function writtenModulePrefix(calleeText: string): string {
  const dot = calleeText.lastIndexOf('.');
  return dot === -1 ? '' : calleeText.slice(0, dot + 1);
}

/** Range of the called function's own name: `load` in `y . load(f)`, all of `load` in `load(f)`. */
export function calleeNameRange(call: Call): readonly [number, number] {
  const callee = call.node.firstChild;
  const name = callee?.name === 'MemberExpression' ? callee.lastChild : callee;
  return name ? [name.from, name.to] : [call.node.from, call.node.from];
}

/**
 * The whole rule body of a rule that flags every call of some functions (`pickle.load`,
 * `pandas.read_pickle`, …): the message `unsafe` gets `{{callee}}` as written after resolution.
 */
export function flagCallsOf(functions: ReadonlySet<string>) {
  return (context: RuleContext): RuleVisitor => ({
    code(view) {
      for (const { call, name } of unsafeLoadCandidates(view)) {
        if (!functions.has(name)) continue;
        context.report({
          view,
          messageId: 'unsafe',
          data: { callee: call.callee },
          range: [call.node.from, call.node.to],
        });
      }
    },
  });
}
