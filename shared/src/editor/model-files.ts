/**
 * Model files for a notebook, decided once for the CLI and both editors: which files its load
 * calls name (`modelFileRequests`: literal paths resolved against the notebook's folder, then the
 * workspace root), the first candidate that exists is scanned by the core's model scanner, and the
 * result is what `AnalyzeOptions.modelFiles` takes. The front end only supplies `open` — a
 * positioned reader over a file on disk, in the editor's file system — and watches `watch`, the
 * paths it opened or tried, to re-check the notebook when one changes.
 */
import { modelFileRequests } from '../loads/join.js';
import type { NotebookDoc } from '../model/notebook.js';
import { scanModel, type ModelScan } from '../models/scan.js';
import type { ByteSource } from '../models/stream.js';

/**
 * Opens a file for reading; undefined when it does not exist or is not a regular file. `close`,
 * when given, is called once the scan is done.
 */
export type ModelFileOpener = (
  path: string,
) => Promise<(ByteSource & { close?(): void | Promise<void> }) | undefined>;

export interface NotebookModelFiles {
  /** For `AnalyzeOptions.modelFiles`: scans keyed by the path as the notebook spells it. */
  readonly modelFiles: Map<string, ModelScan>;
  /** Every candidate path looked at (found or not): re-check the notebook when one changes. */
  readonly watch: readonly string[];
}

/**
 * The scans of the files `notebook` (in folder `notebookDir`, workspace `root`; `/`-separated)
 * loads. `cache` (by path) lets a front end keep scans between calls and drop one when its file
 * changes; a file that cannot be opened is simply absent, so the finding keeps today's message.
 */
export async function modelFilesFor(
  notebook: NotebookDoc,
  notebookDir: string,
  root: string | undefined,
  open: ModelFileOpener,
  cache: Map<string, Promise<ModelScan | undefined>> = new Map(),
): Promise<NotebookModelFiles> {
  const modelFiles = new Map<string, ModelScan>();
  const watch: string[] = [];
  for (const request of modelFileRequests(notebook, notebookDir, root)) {
    for (const candidate of request.candidates) {
      watch.push(candidate);
      let scan = cache.get(candidate);
      if (!scan) {
        scan = open(candidate).then(async (source) => {
          if (!source) return undefined;
          try {
            return await scanModel(source, candidate);
          } finally {
            await source.close?.();
          }
        });
        cache.set(candidate, scan);
      }
      const result = await scan;
      if (result) {
        modelFiles.set(request.path, result);
        break;
      }
    }
  }
  return { modelFiles, watch };
}
