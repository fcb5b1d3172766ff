/**
 * Joining a load call to the file it loads. Front ends read the files that
 * `modelFileReferences` names (trying `modelPathCandidates` in order), scan them with the core's
 * model scanner and hand the results in as `AnalyzeOptions.modelFiles`, keyed by the path as the
 * notebook spells it. The analyzer then gives each unsafe-load finding on such a call the file's
 * verdict — decided here, once, for the CLI and both editors:
 *
 * - malicious file → the finding becomes an error naming the callables and their offsets;
 * - weights-only compatible file → the message says so and the `weights_only=True` fix becomes
 *   `safe` (it cannot break loading this file);
 * - library / suspicious / unsupported → the message names what the file holds;
 * - file absent (no scan) → the finding is unchanged.
 */
import type { Finding, Fix } from '../model/finding.js';
import type { NotebookDoc } from '../model/notebook.js';
import { modelFileReferences, modelPathCandidates, type LoadReference } from './references.js';

/** One callable a model file imports (the model scanner's `ModelCallable`). */
export interface ModelFileCallable {
  readonly module: string;
  readonly name: string;
  readonly offset: number;
  readonly member?: string;
  readonly verdict: string;
  readonly reason: string;
}

/** What the join needs of a model scan (the model scanner's `ModelScan` has these fields). */
export interface ModelFileScan {
  readonly format: string;
  readonly verdict: 'safe' | 'library' | 'suspicious' | 'malicious' | 'unsupported';
  readonly callables: readonly ModelFileCallable[];
  readonly notes: readonly string[];
  readonly weightsOnlyCompatible: boolean;
}

/** Callables named in one message, at most. */
const MAX_NAMED = 4;

/**
 * The callables of one verdict as a message names them: `` `os.system` (reason, data.pkl offset
 * 52)``, at most four, then "and N more". Shared by the load-call join and `unsafe-model-file`.
 */
export function describeCallables(scan: Pick<ModelFileScan, 'callables'>, verdict: string): string {
  const list = scan.callables.filter((c) => c.verdict === verdict);
  const named = list.slice(0, MAX_NAMED).map((c) => {
    const where = `${c.member ? `${c.member} ` : ''}offset ${c.offset}`;
    return `\`${c.module}.${c.name}\` (${c.reason}, ${where})`;
  });
  const more = list.length > MAX_NAMED ? ` and ${list.length - MAX_NAMED} more` : '';
  return `${named.join(', ')}${more}`;
}

/** The sentence a finding gets for a scanned file, and what changes. */
export function verdictSentence(path: string, scan: ModelFileScan): string {
  switch (scan.verdict) {
    case 'malicious':
      return `The file it loads, ${path}, runs code when unpickled: ${describeCallables(scan, 'malicious')}. Do not load it; delete it and find where it came from.`;
    case 'suspicious':
      return `The file it loads, ${path}, imports ${describeCallables(scan, 'suspicious')}, which are not on Cellguard's allow-lists (custom classes or functions run when it loads).`;
    case 'library':
      return `The file it loads, ${path}, holds only classes of well-known libraries (${describeCallables(scan, 'library')}); it is as safe as the file's origin.`;
    case 'safe':
      return scan.weightsOnlyCompatible
        ? `The file it loads, ${path} (${scan.format}), holds only tensors and plain containers: it loads with \`weights_only=True\`.`
        : `The file it loads, ${path} (${scan.format}), holds no code.`;
    case 'unsupported':
      return `The file it loads, ${path}, could not be judged (${scan.notes[0] ?? scan.format}).`;
  }
}

function isWithin(finding: Finding, reference: LoadReference): boolean {
  const { location } = finding;
  return (
    location.kind === 'source' &&
    location.cellIndex === reference.cellIndex &&
    location.range[0] >= reference.range[0] &&
    location.range[1] <= reference.range[1]
  );
}

/** A fix that adds or sets `weights_only=True` is safe for a weights-only compatible file. */
function promoteFix(fix: Fix): Fix {
  return fix.title.includes('weights_only=True') ? { ...fix, applicability: 'safe' } : fix;
}

/**
 * The findings with the verdicts of the files their calls load. Findings of other categories,
 * on calls without a known file, or of `hub-load-without-revision` are returned as they are.
 */
export function joinModelFiles(
  notebook: NotebookDoc,
  findings: readonly Finding[],
  modelFiles: ReadonlyMap<string, ModelFileScan>,
): Finding[] {
  if (modelFiles.size === 0 || !findings.some((f) => f.category === 'unsafe-load'))
    return [...findings];
  const references = modelFileReferences(notebook).filter((r) => modelFiles.has(r.path!));
  if (references.length === 0) return [...findings];
  return findings.map((finding) => {
    if (finding.category !== 'unsafe-load' || finding.ruleId === 'hub-load-without-revision')
      return finding;
    const reference = references.find((r) => isWithin(finding, r));
    const scan = reference ? modelFiles.get(reference.path!) : undefined;
    if (!reference || !scan) return finding;
    const joined: Finding = {
      ...finding,
      message: `${finding.message} ${verdictSentence(reference.path!, scan)}`,
      properties: {
        ...finding.properties,
        modelFile: reference.path!,
        verdict: scan.verdict,
        globals: scan.callables.map((c) => `${c.module}.${c.name}`).join(' '),
      },
    };
    if (scan.verdict === 'malicious') return { ...joined, severity: 'error' };
    if (scan.verdict === 'safe' && scan.weightsOnlyCompatible)
      return { ...joined, fixes: finding.fixes.map(promoteFix) };
    return joined;
  });
}

/** The files a front end should read for one notebook: the path as spelled, and where to look. */
export interface ModelFileRequest {
  /** The key for `AnalyzeOptions.modelFiles`. */
  readonly path: string;
  /** Paths to try, in order (see `modelPathCandidates`). */
  readonly candidates: readonly string[];
}

/** Which files to read for a notebook at `notebookDir` (its folder) in workspace `root`. */
export function modelFileRequests(
  notebook: NotebookDoc,
  notebookDir: string,
  root?: string,
): ModelFileRequest[] {
  const byPath = new Map<string, ModelFileRequest>();
  for (const reference of modelFileReferences(notebook)) {
    const path = reference.path!;
    if (!byPath.has(path))
      byPath.set(path, { path, candidates: modelPathCandidates(path, notebookDir, root) });
  }
  return [...byPath.values()];
}
