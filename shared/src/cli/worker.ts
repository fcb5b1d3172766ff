/** A scan worker: see pool.ts. Builds one analyzer, then scans each file it is sent. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../engine/analyze.js';
import { DEFAULT_CONFIG } from '../engine/config.js';
import { readConfigText } from '../editor/config-layers.js';
import { allRules } from '../rules/index.js';
import { EnvironmentCache } from './environment.js';
import { ModelFileCache } from './model-files.js';
import type { WorkerMessage, WorkerRequest } from './pool.js';
import { cliAnalyzerOptions, scanFile } from './scan.js';

const port = parentPort;
if (!port) throw new Error('cellguard scan worker started outside a worker thread');

const { configPath, fingerprintKey, root } = workerData as Omit<WorkerRequest, 'files'>;
const environments = new EnvironmentCache(root);
const models = new ModelFileCache(root);
let analyzer: Analyzer;
try {
  const config = configPath
    ? readConfigText(readFileSync(configPath, 'utf8'), configPath).resolved
    : DEFAULT_CONFIG;
  analyzer = new Analyzer(allRules, config, cliAnalyzerOptions(fingerprintKey || undefined));
} catch (error) {
  port.postMessage({
    type: 'fatal',
    message: error instanceof Error ? error.message : String(error),
  } satisfies WorkerMessage);
  throw error;
}

port.on('message', (request: { index: number; path: string }) => {
  void scanFile(analyzer, request.path, environments, models).then((result) =>
    port.postMessage({ type: 'result', index: request.index, result } satisfies WorkerMessage),
  );
});
