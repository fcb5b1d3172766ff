#!/usr/bin/env node
/**
 * Entry of the single-file CLI bundle, `dist/cellguard.cjs` (built by `npm run bundle`): the file
 * the GitHub Action, the pre-commit hooks and `npx` from a git URL run, with nothing to install.
 * The same file is the scan worker (pool.ts starts it again in a worker thread) and, loaded by
 * `dist/action.cjs`, the GitHub Action. Everything else is imported lazily (esbuild turns each
 * `import()` into a deferred module), so `--version` answers without evaluating the rules.
 */
import { isMainThread } from 'node:worker_threads';
import { VERSION } from '../version.js';

const args = process.argv.slice(2);
const entry = (globalThis as { cellguardEntry?: string }).cellguardEntry;

function exit(code: number): void {
  process.exitCode = code;
}

function fail(error: unknown): void {
  // Unexpected failure: name it without dumping any analysed content.
  process.stderr.write(
    `cellguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}

/** All of standard input, as bytes. */
function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

if (!isMainThread) void import('./worker.js');
else if (entry !== 'action' && args.length === 1 && (args[0] === '--version' || args[0] === '-v'))
  process.stdout.write(`${VERSION}\n`);
else
  void import('./pool.js')
    .then(async ({ setWorkerScript }) => {
      // In the bundle, this very file is the worker script.
      setWorkerScript(new URL(import.meta.url));
      const io = {
        readStdin,
        isTTY: process.stdout.isTTY === true,
        stdout: (text: string) => void process.stdout.write(text),
        stderr: (text: string) => void process.stderr.write(text),
      };
      if (entry === 'action') {
        const { runAction } = await import('./action.js');
        return runAction(process.env, io);
      }
      const { main } = await import('./main.js');
      return main(args, { ...io, cwd: process.cwd() });
    })
    .then(exit, fail);
