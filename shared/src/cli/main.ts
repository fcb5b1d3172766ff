/**
 * `cellguard scan [PATHS…]` — the same rules as the editors, for pre-commit and CI.
 * Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error or unreadable files.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExcludeSet } from '../engine/exclude.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Analyzer } from '../engine/analyze.js';
import {
  ConfigError,
  configWarnings,
  DEFAULT_CONFIG,
  type ResolvedConfig,
} from '../engine/config.js';
import type { Severity } from '../model/finding.js';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { BOM_HELP, buildBom, collectReferences } from './bom.js';
import { EnvironmentCache } from './environment.js';
import { ModelFileCache, modelFileJudge, pickModelFiles, scanModelFiles } from './model-files.js';
import { applyBaseline, formatBaseline, parseBaseline, type BaselineSplit } from './baseline.js';
import { fingerprintKeyFor } from './fingerprint-key.js';
import { collectFiles } from './files.js';
import { formatJsonChunks } from './format-json.js';
import { formatSarifChunks } from './format-sarif.js';
import { formatText } from './format-text.js';
import { fixFile, formatFixJson, formatFixText, type FileFixResult } from './fix.js';
import { printableBlock } from './printable.js';
import { scanInWorkers, workerCount } from './pool.js';
import {
  formatSuppressionsJson,
  formatSuppressionsText,
  listSuppressions,
} from './suppressions.js';
import { analyzeText, cliAnalyzerOptions, findConfig, scanFile, type FileResult } from './scan.js';
import { decodeText } from './files.js';

export const HELP = `Usage: cellguard scan [options] [PATHS...]
       cellguard fix [--redact-outputs] [--dry-run] [PATHS...]   (see cellguard fix --help)
       cellguard bom [-o FILE] [PATHS...]   (ML-BOM: see cellguard bom --help)

Finds hardcoded secrets, sensitive data in outputs and unsafe model loading in
Jupyter notebooks (.ipynb) and Python files (.py). Directories are searched
recursively; .git, node_modules, virtualenvs, configured excludes and what git
ignores are skipped. A file named explicitly is read by its kind: a notebook,
Python, a model file, or any other text (.md, .txt, .env, .yaml, .json, ...)
with the text rules.

Options:
  -f, --format <text|json|sarif>     output format (default: text)
  -o, --output <FILE>                write the report to FILE instead of stdout
  -c, --config <FILE>                config file (default: nearest .cellguard.json)
      --fail-on <error|warning|note|none>
                                     lowest severity that makes the exit status 1
                                     (default: warning)
      --baseline <FILE>              report only findings that are not in FILE
      --write-baseline <FILE>        record every current finding in FILE (digests
                                     only, never a value) and accept them
  -j, --jobs <N>                     threads to scan with, the main one included
                                     (default: 1 on 2 cores or fewer and for small
                                     scans, else one per core up to 8)
      --no-ignore                    also walk into what .gitignore and
                                     .git/info/exclude ignore
      --stdin-filename <NAME>        scan standard input as the file NAME (its
                                     kind and config from the name; no PATHS)
      --list-suppressions            list every suppression (rules, reason,
                                     expiry, whether it applies today) instead
                                     of scanning
      --no-color                     plain text output
  -v, --version                      print the version
  -h, --help                         print this help

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or a
file that could not be read or parsed (the others are still scanned).
`;

export const FIX_HELP = `Usage: cellguard fix [options] [PATHS...]

Applies every safe fix (one that keeps the program's meaning) to notebooks and
Python files in place, and with --redact-outputs replaces each sensitive value
in cell outputs by [REDACTED:<rule-id>] in every representation of the output.
The edits are the editors' own; every byte outside the edited cells stays as it
was. Files are found as cellguard scan finds them.

Options:
      --redact-outputs               also redact sensitive outputs
      --dry-run                      write nothing; print a unified diff of what
                                     would change (secrets masked)
  -f, --format <text|json>           output format (default: text)
  -o, --output <FILE>                write the report to FILE instead of stdout
  -c, --config <FILE>                config file (default: nearest .cellguard.json)
      --no-ignore                    also walk into what .gitignore ignores
  -h, --help                         print this help

Exit status: 0 nothing to fix, 1 a file was changed (or would be, --dry-run), so
a pre-commit hook fails and the user re-stages, 2 usage error or a file that
could not be read, parsed or written (nothing of it is lost).
`;

const RANK: Record<Severity | 'none', number> = { error: 3, warning: 2, note: 1, none: 99 };

export interface CliIO {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readonly isTTY: boolean;
  /** All of standard input (for `--stdin-filename`); absent where there is none. */
  readStdin?(): Promise<Uint8Array>;
  /** Called with the reported results (after the baseline), e.g. for the GitHub Action summary. */
  onResults?(results: readonly FileResult[], baseline?: BaselineSplit): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parse one command's options; a usage error is printed with the help and is exit status 2. */
function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  help: string,
  io: CliIO,
):
  | {
      values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>['values'];
      positionals: string[];
    }
  | number {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    io.stderr(`cellguard: ${message(error)}\n\n${help}`);
    return 2;
  }
}

/** What every command that analyses files sets up alike: the config and a keyed analyzer. */
interface Setup {
  readonly found: ReturnType<typeof findConfig>;
  readonly config: ResolvedConfig;
  readonly analyzer: Analyzer;
  readonly fingerprint: ReturnType<typeof fingerprintKeyFor>;
  /** What the config silently turns off, or where it came from unexpectedly (see configWarnings). */
  readonly warnings: readonly string[];
}

function setUp(io: CliIO, configPath: string | undefined): Setup | number {
  let found;
  try {
    found = findConfig(io.cwd, configPath);
  } catch (error) {
    const reason =
      error instanceof ConfigError ? error.message : `cannot read config: ${message(error)}`;
    io.stderr(`cellguard: ${reason}\n`);
    return 2;
  }
  const config = found.config ?? DEFAULT_CONFIG;
  const fingerprint = fingerprintKeyFor(io.cwd);
  let analyzer: Analyzer;
  try {
    analyzer = new Analyzer(allRules, config, cliAnalyzerOptions(fingerprint.key));
  } catch (error) {
    io.stderr(`cellguard: ${message(error)}\n`);
    return 2;
  }
  const excludes = new ExcludeSet(config.exclude);
  const warnings = configWarnings(config, allRules.length, analyzer.ruleIds.length, (path) =>
    excludes.isExcluded(path),
  );
  if (found.path && !found.underRepository && dirname(found.path) !== resolve(io.cwd))
    warnings.push('read from a parent folder with no repository root in between');
  for (const warning of warnings)
    io.stderr(`cellguard: warning: ${found.path ?? 'config'}: ${warning}\n`);
  return { found, config, analyzer, fingerprint, warnings };
}

/** The files under `paths` (default `.`); each missing path is named on stderr. */
function walkPaths(io: CliIO, paths: readonly string[], setup: Setup, gitignore: boolean) {
  const targets = (paths.length > 0 ? paths : ['.']).map((path) => resolve(io.cwd, path));
  const walk = collectFiles(targets, setup.config.exclude, setup.found.dir, gitignore);
  for (const missing of walk.missing)
    io.stderr(`cellguard: no such file or directory: ${missing}\n`);
  return walk;
}

/** Write a report to `--output` or stdout; false (after saying why) when it cannot be written. */
function writeReport(
  io: CliIO,
  output: string | undefined,
  report: string | Iterable<string>,
  summary: () => string,
): boolean {
  // A report streams out chunk by chunk: one string for a report of hundreds of MB would exceed
  // V8's string limit and lose every file's results.
  const chunks = typeof report === 'string' ? [report] : report;
  if (!output) {
    for (const chunk of chunks) io.stdout(chunk);
    return true;
  }
  let fd: number | undefined;
  try {
    fd = openSync(resolve(io.cwd, output), 'w');
    for (const chunk of chunks) writeSync(fd, chunk);
  } catch (error) {
    io.stderr(`cellguard: cannot write ${output}: ${message(error)}\n`);
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  io.stdout(summary());
  return true;
}

const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'fail-on': { type: 'string', default: 'warning' },
  'no-color': { type: 'boolean', default: false },
  jobs: { type: 'string', short: 'j' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'no-ignore': { type: 'boolean', default: false },
  'list-suppressions': { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Run the CLI; returns the exit status. Never throws for user errors. */
export async function main(argv: readonly string[], given: CliIO): Promise<number> {
  // Messages on stderr name files and values from the input: no control sequence gets through.
  const io: CliIO = { ...given, stderr: (text) => given.stderr(printableBlock(text)) };
  if (argv[0] === 'bom') return bomCommand(argv.slice(1), io);
  if (argv[0] === 'fix') return fixCommand(argv.slice(1), io);
  const parsed = parseCommand(argv, SCAN_OPTIONS, HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'scan') {
    io.stderr(command === undefined ? HELP : `cellguard: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    io.stderr(`cellguard: --format must be text, json or sarif (got "${format}")\n`);
    return 2;
  }
  const failOn = values['fail-on'];
  if (!(failOn in RANK)) {
    io.stderr(`cellguard: --fail-on must be error, warning, note or none (got "${failOn}")\n`);
    return 2;
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
      io.stderr(`cellguard: --jobs must be a whole number from 1 to 64 (got "${values.jobs}")\n`);
      return 2;
    }
  }

  const setup = setUp(io, values.config);
  if (typeof setup === 'number') return setup;
  const { found, analyzer, fingerprint } = setup;
  const stdinName = values['stdin-filename'];
  if (stdinName !== undefined) {
    if (paths.length > 0 || values['list-suppressions']) {
      io.stderr('cellguard: --stdin-filename reads one file from stdin: give no PATHS\n');
      return 2;
    }
    if (!io.readStdin) {
      io.stderr('cellguard: --stdin-filename: no standard input here\n');
      return 2;
    }
  }
  const walk =
    stdinName === undefined
      ? walkPaths(io, paths, setup, !values['no-ignore'])
      : { files: [], missing: [], others: [], problems: [] };
  // Model files in the tree are picked up by content and get results of their own.
  const picked = await pickModelFiles(walk);
  if (values['list-suppressions']) {
    if (format === 'sarif') {
      io.stderr('cellguard: --list-suppressions prints text or json\n');
      return 2;
    }
    const options = cliAnalyzerOptions(undefined);
    const policy = {
      today: options.today!,
      requireReason: setup.config.requireReason === true,
    };
    const listed = picked.files.map((file) => listSuppressions(file, policy));
    const report =
      format === 'json'
        ? formatSuppressionsJson(listed, io.cwd, VERSION, policy.today)
        : formatSuppressionsText(listed, io.cwd);
    if (!writeReport(io, values.output, report, () => '')) return 2;
    return walk.missing.length > 0 || listed.some((f) => f.error !== undefined) ? 2 : 0;
  }

  const workers = workerCount(picked.files, jobs);
  let results: FileResult[];
  const models = new ModelFileCache(found.dir);
  if (stdinName !== undefined) {
    // Content piped in (an editor buffer, a hook's staged blob), read as the file it names.
    const path = resolve(io.cwd, stdinName);
    let text: string;
    try {
      text = decodeText(await io.readStdin!());
    } catch (error) {
      io.stderr(`cellguard: ${stdinName} (stdin): ${message(error)}\n`);
      return 2;
    }
    const environments = new EnvironmentCache(found.dir);
    results = [(await analyzeText(analyzer, path, text, environments, models)).result];
  } else if (workers > 0) {
    const environments = new EnvironmentCache(found.dir);
    results = await scanInWorkers(
      picked.files,
      workers,
      found.path,
      fingerprint.key,
      (file) => scanFile(analyzer, file, environments, models),
      found.dir,
    );
  } else {
    results = [];
    const environments = new EnvironmentCache(found.dir);
    for (const file of picked.files)
      results.push(await scanFile(analyzer, file, environments, models));
  }
  results.push(...(await scanModelFiles(picked.models, analyzer, models, io.cwd)));
  // A path that does not exist is an error in every format, never "no problems in 0 files".
  for (const missing of walk.missing) {
    results.push({
      path: missing,
      kind: missing.endsWith('.py') ? 'python' : 'notebook',
      findings: [],
      notices: [],
      error: 'no such file or directory',
    });
  }
  // Unlistable directories and FIFOs or devices: named in every format, exit 2.
  for (const { path, reason } of walk.problems)
    results.push({ path, kind: 'notebook', findings: [], notices: [], error: reason });

  let split: BaselineSplit | undefined;
  let baselineDir = io.cwd;
  try {
    const write = values['write-baseline'];
    if (write !== undefined) {
      const target = resolve(io.cwd, write);
      writeFileSync(target, formatBaseline(results, target));
      const count = results.reduce((n, r) => n + r.findings.length, 0);
      io.stderr(`cellguard: wrote ${count} finding(s) to the baseline ${write}\n`);
    }
    const from = values.baseline ?? write;
    if (from !== undefined) {
      const path = resolve(io.cwd, from);
      const baseline = parseBaseline(readFileSync(path, 'utf8'), path);
      baselineDir = baseline.dir;
      split = applyBaseline(results, baseline);
      results = split.fresh;
      if (split.unchangedCount > 0)
        io.stderr(`cellguard: ${split.unchangedCount} finding(s) in the baseline not shown\n`);
    }
  } catch (error) {
    io.stderr(`cellguard: ${message(error)}\n`);
    return 2;
  }
  io.onResults?.(results, split);

  const activeRules = allRules.filter((rule) => analyzer.ruleIds.includes(rule.meta.id));
  const meta = {
    configPath: found.path,
    fingerprintKey: fingerprint.source,
    configWarnings: setup.warnings,
  };
  const report: string | Iterable<string> =
    format === 'json'
      ? formatJsonChunks(results, io.cwd, meta)
      : format === 'sarif'
        ? formatSarifChunks(
            results,
            activeRules,
            io.cwd,
            meta,
            split && { ...split, dir: baselineDir },
          )
        : formatText(results, io.cwd, io.isTTY && !values['no-color'] && !values.output);
  const written = writeReport(io, values.output, report, () =>
    format !== 'text'
      ? `${formatText(results, io.cwd, false).split('\n').filter(Boolean).pop() ?? ''}\n`
      : '',
  );
  if (!written) return 2;

  for (const result of results)
    if (result.error && format !== 'text' && !walk.missing.includes(result.path))
      io.stderr(`cellguard: ${result.path}: ${result.error}\n`);
  if (walk.missing.length > 0 || results.some((r) => r.error)) return 2;
  const threshold = RANK[failOn as Severity | 'none'];
  return results.some((r) => r.findings.some((f) => RANK[f.severity] >= threshold)) ? 1 : 0;
}

/** `cellguard fix`: see fix.ts. */
async function fixCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    argv,
    {
      'redact-outputs': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      'no-ignore': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    FIX_HELP,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(FIX_HELP);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`cellguard: --format must be text or json for fix (got "${format}")\n`);
    return 2;
  }
  const setup = setUp(io, values.config);
  if (typeof setup === 'number') return setup;
  const walk = walkPaths(io, positionals, setup, !values['no-ignore']);
  const environments = new EnvironmentCache(setup.found.dir);
  const models = new ModelFileCache(setup.found.dir);
  const options = {
    redactOutputs: values['redact-outputs'],
    dryRun: values['dry-run'],
    cwd: io.cwd,
  };
  const results: FileFixResult[] = [];
  // Model files have nothing to fix (and are never rewritten).
  const picked = await pickModelFiles(walk);
  for (const file of picked.files)
    results.push(await fixFile(setup.analyzer, file, options, environments, models));
  const report =
    format === 'json'
      ? formatFixJson(results, io.cwd, VERSION, options.dryRun)
      : formatFixText(results, io.cwd, options.dryRun);
  if (
    !writeReport(
      io,
      values.output,
      report,
      () => formatFixText(results, io.cwd, options.dryRun).split('\n').filter(Boolean).pop() + '\n',
    )
  )
    return 2;
  for (const result of results)
    if (result.error !== undefined && format !== 'text')
      io.stderr(`cellguard: ${result.path}: ${result.error}\n`);
  if (walk.missing.length > 0 || results.some((r) => r.error !== undefined)) return 2;
  return results.some((r) => r.changed) ? 1 : 0;
}

/** `cellguard bom`: see bom.ts. */
async function bomCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    argv,
    {
      output: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    BOM_HELP,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(BOM_HELP);
    return 0;
  }
  let found;
  try {
    found = findConfig(io.cwd, values.config);
  } catch (error) {
    io.stderr(`cellguard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const config = found.config ?? DEFAULT_CONFIG;
  const targets = (positionals.length > 0 ? positionals : ['.']).map((p) => resolve(io.cwd, p));
  const walk = collectFiles(targets, config.exclude, found.dir);
  for (const missing of walk.missing)
    io.stderr(`cellguard: no such file or directory: ${missing}\n`);
  const { entries, errors } = collectReferences(walk.files, io.cwd, found.dir);
  for (const { path, error } of errors) io.stderr(`cellguard: ${path}: ${error}\n`);
  // Local model files carry their SHA-256 and the model scanner's verdict.
  const bom = await buildBom(entries, modelFileJudge(new ModelFileCache(found.dir)));
  const written = writeReport(
    io,
    values.output,
    bom,
    () =>
      `${entries.length} component(s) from ${walk.files.length} file(s) written to ${values.output}\n`,
  );
  if (!written) return 2;
  return walk.missing.length > 0 || errors.length > 0 ? 2 : 0;
}
