#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2), {
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Unexpected failure: name it without dumping any analysed content.
    process.stderr.write(
      `cellguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
