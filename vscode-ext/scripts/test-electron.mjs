#!/usr/bin/env node
// Runs the same mocha suite in desktop VS Code through @vscode/test-electron, for contributors
// with internet access (it downloads VS Code). CI uses scripts/e2e.sh (code-server) instead.
//   npm run build -w cellguard && node scripts/test-electron.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { EXT_DIR, FIXTURE_WS } from './lib/code-server.mjs';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cellguard-electron-'));
fs.cpSync(FIXTURE_WS, workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: EXT_DIR,
    extensionTestsPath: path.join(EXT_DIR, 'out', 'test', 'suite', 'index'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: {
      CELLGUARD_TEST_RESULT_FILE: path.join(workspace, '..', 'cellguard-electron-results.json'),
    },
  });
} catch (error) {
  console.error('test-electron failed:', error);
  process.exit(1);
}
