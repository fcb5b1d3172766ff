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
 *
 * `load` counts only as a whole loader name (`load`, `loads`, `load_all`, `load_model`,
 * `load_model_from_hf`, also after `_` as in `unsafe_load`), followed by what can come before
 * its argument list: `(`, a backslash continuation, a comment or the line end (`torch.load\n(`),
 * or by `as` (`from joblib import load as jl` in the same cell).
 * So `DataLoader(`, `train_loader`, `load_state_dict(` and prose like "# load
 * the data" do not make a cell parse. Every loader the rules flag ends in one of those names; the
 * other flagged calls and keywords are named by the remaining alternatives (`Unpickler`,
 * `read_pickle`, `shelve.open`, `jsonpickle.decode`, `safe_mode=`, `enable_unsafe_deserialization`,
 * and the Hub loaders `hub-load-without-revision` reads: `from_pretrained`, `hf_hub_download`,
 * `snapshot_download`, `load_dataset`).
 * Quantifiers are bounded: the test is linear.
 */
const CANDIDATE =
  /(?<![A-Za-z0-9])loads?(?:_all|_model(?:_from_hf)?)?[ \t]{0,64}(?:[(\\#\r\n]|as\b|$)|Unpickler|read_pickle|trust_remote_code|trust-remote-code|use_safetensors|safe_mode|allow_dangerous|shelve|jsonpickle|unsafe_deserialization|from_pretrained|hf_hub_download|snapshot_download|load_dataset/;

/**
 * An imported target that a rule may flag once called or used under its alias (`joblib.load`,
 * `pandas.read_pickle`, `shelve`): the broad token list, run only on import targets.
 */
const CANDIDATE_TARGET =
  /load|Unpickler|read_pickle|trust_remote_code|use_safetensors|safe_mode|allow_dangerous|shelve|jsonpickle|unsafe_deserialization/;

/** Import contexts are shared by the cells after them, so the alias pattern is built once per map. */
const aliasPatterns = new WeakMap<ImportMap, RegExp | null>();

function aliasPattern(imports: ImportMap): RegExp | null {
  let pattern = aliasPatterns.get(imports);
  if (pattern === undefined) {
    const names: string[] = [];
    for (const [local, target] of imports) {
      if (CANDIDATE_TARGET.test(target) && !CANDIDATE.test(local))
        names.push(local.replace(/\W/g, ''));
    }
    pattern = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`) : null;
    aliasPatterns.set(imports, pattern);
  }
  return pattern;
}

/**
 * The prefilter on plain text: could `text`, with `inheritedImports` from earlier cells, hold an
 * unsafe load? False means no rule of the family can fire, so the cell is never parsed for it.
 */
export function mayContainUnsafeLoadText(text: string, inheritedImports: ImportMap): boolean {
  if (CANDIDATE.test(text)) return true;
  return aliasPattern(inheritedImports)?.test(text) ?? false;
}

/** Cheap test: could this cell contain an unsafe load? No parsing. */
export function mayContainUnsafeLoad(view: TextView): boolean {
  return view.memo('model-loading.candidate', () => {
    if (!view.python) return false;
    return mayContainUnsafeLoadText(view.text, view.python.inheritedImports);
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

const NUMBER =
  /^[+-]?(?:0[xX][0-9a-fA-F_]{1,64}|0[oO][0-7_]{1,64}|0[bB][01_]{1,256}|(?:\d[\d_]{0,64})?\.?\d[\d_]{0,64}(?:[eE][+-]?\d{1,4})?)[jJ]?$/;
const STRING_PREFIX = /^[rRbBuUfF]{0,2}/;
const QUOTES = ['"""', "'''", '"', "'"];

/** Content of a string literal's text (between its quotes), undefined when it is not one. */
function stringContent(text: string): string | undefined {
  const rest = text.slice(STRING_PREFIX.exec(text)![0].length);
  for (const quote of QUOTES) {
    if (rest.length >= 2 * quote.length && rest.startsWith(quote) && rest.endsWith(quote))
      return rest.slice(quote.length, rest.length - quote.length);
  }
  return undefined;
}

/**
 * Is an argument's text a constant Python treats as true? `True`, a non-zero number (`1`,
 * `0x1`, `1.0`), a non-empty string (`"yes"` — and `"False"`, which is true too), `not` of a
 * false constant, any of them in parentheses. A variable or a call is not a constant: false.
 */
export function isTruthyConstant(text: string): boolean {
  const value = text.trim();
  if (value === 'True') return true;
  if (value.startsWith('(') && value.endsWith(')') && !value.includes(','))
    return isTruthyConstant(value.slice(1, -1));
  if (/^not\s/.test(value)) return isFalsyConstant(value.slice(4));
  if (NUMBER.test(value)) return !/^[+-]?[0._xXoObB]*(?:[eE][+-]?\d+)?[jJ]?$/.test(value);
  const content = stringContent(value);
  return content !== undefined && content.length > 0;
}

function isFalsyConstant(text: string): boolean {
  const value = text.trim();
  if (value === 'False' || value === 'None') return true;
  if (value.startsWith('(') && value.endsWith(')') && !value.includes(','))
    return isFalsyConstant(value.slice(1, -1));
  if (NUMBER.test(value) || stringContent(value) !== undefined) return !isTruthyConstant(value);
  return false;
}
