/**
 * The GitHub Action (`action.yml` at the repository root runs `dist/action.cjs`, the CLI bundle in
 * this mode): reads its inputs the way the runner passes them (`INPUT_<NAME>` environment
 * variables, name upper-cased, hyphens kept), scans `GITHUB_WORKSPACE`, writes the report (SARIF
 * by default, for `github/codeql-action/upload-sarif`), a job summary with counts per category to
 * `GITHUB_STEP_SUMMARY`, annotations, and the outputs `report` and `findings` to `GITHUB_OUTPUT`.
 * Exit status as `cellguard scan`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Category } from '../model/finding.js';
import type { BaselineSplit } from './baseline.js';
import { main, type CliIO } from './main.js';
import type { FileResult } from './scan.js';

type Env = Readonly<Record<string, string | undefined>>;

/** An input as the runner passes it (https://docs.github.com/actions/reference/metadata-syntax). */
function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** `%`, CR and LF must be escaped in workflow command values and properties. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const CATEGORIES: readonly Category[] = ['secret', 'sensitive-output', 'unsafe-load'];

/** The job summary: a table of counts per category, then the files with most findings. */
export function jobSummary(
  results: readonly FileResult[],
  cwd: string,
  report: string,
  baseline?: BaselineSplit,
): string {
  const counts: Record<Category, number> = { secret: 0, 'sensitive-output': 0, 'unsafe-load': 0 };
  let total = 0;
  for (const result of results)
    for (const finding of result.findings) {
      counts[finding.category]++;
      total++;
    }
  const failed = results.filter((r) => r.error).length;
  const lines = [
    '## Cellguard',
    '',
    total === 0
      ? `No ${baseline ? 'new ' : ''}findings in ${results.length - failed} file(s).`
      : `**${total} ${baseline ? 'new ' : ''}finding${total === 1 ? '' : 's'}** in ${results.filter((r) => r.findings.length > 0).length} file(s).`,
    '',
    '| Category | Findings |',
    '| --- | ---: |',
    ...CATEGORIES.map((category) => `| ${category} | ${counts[category]} |`),
  ];
  if (baseline)
    lines.push(
      '',
      `Baseline: ${baseline.unchangedCount} known finding(s) not counted, ${baseline.absent.length} no longer found.`,
    );
  if (failed > 0) lines.push('', `${failed} file(s) could not be scanned (see the log).`);
  lines.push('', `Report: \`${relative(cwd, report).split(sep).join('/')}\``, '');
  return lines.join('\n');
}

/** Run the action; returns the exit status. */
export async function runAction(env: Env, io: Omit<CliIO, 'cwd' | 'onResults'>): Promise<number> {
  const workspace = env['GITHUB_WORKSPACE'] ?? process.cwd();
  const format = input(env, 'format') || 'sarif';
  const output = input(env, 'output') || `cellguard.${format === 'text' ? 'txt' : format}`;
  const paths = input(env, 'paths').split(/\s+/).filter(Boolean);
  const args = ['scan', '--format', format, '--output', output, '--no-color'];
  const failOn = input(env, 'fail-on');
  if (failOn) args.push('--fail-on', failOn);
  const baseline = input(env, 'baseline');
  if (baseline) args.push('--baseline', baseline);
  const config = input(env, 'config');
  if (config) args.push('--config', config);
  args.push(...(paths.length > 0 ? paths : ['.']));

  mkdirSync(dirname(resolve(workspace, output)), { recursive: true });
  let reported: readonly FileResult[] = [];
  let split: BaselineSplit | undefined;
  const code = await main(args, {
    cwd: workspace,
    isTTY: false,
    stdout: io.stdout,
    stderr: io.stderr,
    onResults: (results, baselineSplit) => {
      reported = results;
      split = baselineSplit;
    },
  });

  const report = resolve(workspace, output);
  for (const result of reported) {
    const file = relative(workspace, result.path).split(sep).join('/');
    for (const finding of result.findings) {
      const command =
        finding.severity === 'error'
          ? 'error'
          : finding.severity === 'warning'
            ? 'warning'
            : 'notice';
      const line = finding.region ? `,line=${finding.region.startLine}` : '';
      const col = finding.region ? `,col=${finding.region.startColumn}` : '';
      io.stdout(
        `::${command} file=${escapeProperty(file)}${line}${col},title=${escapeProperty(`cellguard ${finding.ruleId}`)}::${escapeData(finding.message)}\n`,
      );
    }
  }
  const summaryFile = env['GITHUB_STEP_SUMMARY'];
  if (summaryFile) appendFileSync(summaryFile, jobSummary(reported, workspace, report, split));
  const outputFile = env['GITHUB_OUTPUT'];
  if (outputFile) {
    const findings = reported.reduce((n, r) => n + r.findings.length, 0);
    appendFileSync(outputFile, `report=${report}\nfindings=${findings}\n`);
  }
  return code;
}
