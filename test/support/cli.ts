/** The CLI, run in-process (same code as the bin, output captured) — shared by the CLI tests. */
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface CliIO {
  cwd: string;
  isTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The built CLI's `main` (imported from shared/dist so tests exercise what ships). */
export const { main } = (await import(join(repoRoot, 'shared', 'dist', 'cli', 'main.js'))) as {
  main(argv: string[], io: CliIO): Promise<number>;
};

/** The committed bin, for tests that spawn the CLI as a child process. */
export const BIN = join(repoRoot, 'shared', 'bin', 'cellguard.js');

/** Run `cellguard ...argv` in `cwd`, capturing stdout and stderr. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    isTTY: false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}
