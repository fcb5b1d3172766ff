/**
 * Loaded by the extension host through `extensionTestsPath`. Runs mocha inside the real
 * extension host and reports twice: the returned promise (VS Code turns it into the exit code
 * the workbench passes to `codeAutomationExit`) and a JSON file at $CELLGUARD_TEST_RESULT_FILE
 * (environment variables set on code-server reach the extension host).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  ms?: number;
  err?: string;
}

export function run(): Promise<void> {
  const resultFile = process.env['CELLGUARD_TEST_RESULT_FILE'];
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env['CELLGUARD_MOCHA_TIMEOUT_MS'] ?? 60_000),
    reporter: 'spec',
  });
  const grep = process.env['CELLGUARD_TEST_GREP'];
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort())
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const results: TestResult[] = [];
    const runner = mocha.run((failures) => {
      const summary = {
        passes: results.filter((r) => r.state === 'passed').length,
        failures,
        results,
      };
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(summary, null, 2));
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (test) =>
      results.push({ title: test.fullTitle(), state: 'passed', ms: test.duration }),
    );
    runner.on('fail', (test, err: unknown) => {
      const message = String(err instanceof Error ? (err.stack ?? err.message) : err);
      // Print at once: if a later test hangs, the reason for this failure is still visible.
      console.log(`    FAILED: ${test.fullTitle()}\n${message.split('\n').slice(0, 8).join('\n')}`);
      results.push({ title: test.fullTitle(), state: 'failed', err: message });
    });
  });
}
