/**
 * Suppressions with a reason and an expiry: the comment form, the markdown form and cell
 * metadata; expired or undated ones stop suppressing and say so; `requireReason` makes a
 * reason-less one not count; `--list-suppressions` lists them for review. "Today" is injected
 * (`AnalyzerOptions.today`, `$CELLGUARD_TODAY`), never read from the machine's clock here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Analyzer,
  allRules,
  notebookSuppressions,
  parseNotebook,
  resolveConfig,
  suppressCellFix,
  suppressLineFix,
  fromPythonSource,
  todayUtc,
} from '@cellguard/core';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const LOAD = 'pickle.load(open("m.pkl", "rb"))';

function notebook(cells: { kind?: string; source: string; metadata?: object }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: cells.map((c, i) => ({
      cell_type: c.kind ?? 'code',
      id: `c${i}`,
      metadata: c.metadata ?? {},
      source: c.source,
      ...(c.kind === 'markdown' ? {} : { outputs: [], execution_count: null }),
    })),
  });
}

async function run(source: string, today: string, requireReason = false) {
  const analyzer = new Analyzer(allRules, resolveConfig({ requireReason }), { today });
  return analyzer.analyzePython(`import pickle\n${source}\n`);
}

describe('suppressions with a reason and an expiry', () => {
  const table: {
    name: string;
    line: string;
    today: string;
    requireReason?: boolean;
    suppressed: boolean;
    notice?: RegExp;
  }[] = [
    {
      name: 'until a later day suppresses',
      line: `${LOAD}  # cellguard: ignore[pickle-load] until=2027-03-01 -- vendored, hash-checked`,
      today: '2027-02-28',
      suppressed: true,
    },
    {
      name: 'until today still suppresses (the last day)',
      line: `${LOAD}  # cellguard: ignore[pickle-load] until=2027-03-01 -- vendored`,
      today: '2027-03-01',
      suppressed: true,
    },
    {
      name: 'the day after until: expired, reported, and said so',
      line: `${LOAD}  # cellguard: ignore[pickle-load] until=2027-03-01 -- vendored`,
      today: '2027-03-02',
      suppressed: false,
      notice:
        /^the suppression of pickle-load on line 2 expired on 2027-03-01; it no longer suppresses$/,
    },
    {
      name: 'an until that is not a date does not suppress',
      line: `${LOAD}  # cellguard: ignore[pickle-load] until=2027-02-30 -- vendored`,
      today: '2026-01-01',
      suppressed: false,
      notice: /until="2027-02-30", which is not a date \(YYYY-MM-DD\); it does not suppress/,
    },
    {
      name: 'no reason is fine by default',
      line: `${LOAD}  # cellguard: ignore[pickle-load]`,
      today: '2026-01-01',
      suppressed: true,
    },
    {
      name: 'no reason under requireReason does not suppress',
      line: `${LOAD}  # cellguard: ignore[pickle-load]`,
      today: '2026-01-01',
      requireReason: true,
      suppressed: false,
      notice: /gives no reason and the config sets requireReason; it does not suppress/,
    },
    {
      name: 'a reason satisfies requireReason',
      line: `${LOAD}  # cellguard: ignore[pickle-load] -- our own file`,
      today: '2026-01-01',
      requireReason: true,
      suppressed: true,
    },
    {
      name: 'a bare "--" is no reason',
      line: `${LOAD}  # cellguard: ignore[pickle-load] --   `,
      today: '2026-01-01',
      requireReason: true,
      suppressed: false,
      notice: /gives no reason/,
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const { findings, notices } = await run(row.line, row.today, row.requireReason);
      assert.equal(
        findings.some((f) => f.ruleId === 'pickle-load'),
        !row.suppressed,
      );
      if (row.notice) {
        assert.equal(notices.length, 1, JSON.stringify(notices));
        assert.match(notices[0]!.message, row.notice);
      } else assert.deepEqual(notices, []);
    });
  }

  it('the markdown form carries until and a reason up to -->', async () => {
    const text = notebook([
      {
        kind: 'markdown',
        source:
          'Token: ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <!-- cellguard: ignore[github-token] until=2027-03-01 -- revoked test token -->',
      },
    ]);
    const doc = parseNotebook(text);
    assert.deepEqual(notebookSuppressions(doc), [
      {
        form: 'markdown',
        cellIndex: 0,
        line: 0,
        rules: ['github-token'],
        until: '2027-03-01',
        reason: 'revoked test token',
      },
    ]);
  });

  it('cell metadata: reason and until, expired cell suppression reports again', async () => {
    const text = notebook([
      {
        source: `import pickle\n${LOAD}\n`,
        metadata: {
          cellguard: { ignore: ['pickle-load'], reason: 'fixture', until: '2027-03-01' },
        },
      },
    ]);
    const doc = parseNotebook(text);
    const before = await new Analyzer(allRules, resolveConfig({}), {
      today: '2027-03-01',
    }).analyzeNotebook(doc);
    assert.equal(before.findings.length, 0);
    const after = await new Analyzer(allRules, resolveConfig({}), {
      today: '2027-03-02',
    }).analyzeNotebook(doc);
    assert.deepEqual(
      after.findings.map((f) => f.ruleId),
      ['pickle-load'],
    );
    assert.match(
      after.notices[0]!.message,
      /^the cell's suppression \(metadata "cellguard"\) of pickle-load expired on 2027-03-01/,
    );
  });

  it('the suppress fixes write the reason (one line) and keep an until', () => {
    const cell = fromPythonSource(`import pickle\n${LOAD}\n`).cells[0]!;
    const line = suppressLineFix(cell, 0, 'pickle-load', 20, 'python', 'our own\nfile');
    assert.deepEqual(line.edits[0], {
      kind: 'source',
      cellIndex: 0,
      range: [46, 46],
      text: '  # cellguard: ignore[pickle-load] -- our own file',
    });
    const md = suppressLineFix(cell, 0, 'email-address', 0, 'markdown', 'public --> contact');
    assert.equal(
      (md.edits[0] as { text: string }).text,
      ' <!-- cellguard: ignore[email-address] -- public -> contact -->',
    );
    const dated = { ...cell, suppression: { ignore: ['a'], until: '2027-03-01' } };
    const inCell = suppressCellFix(dated, 0, 'pickle-load', 'fixture');
    assert.deepEqual((inCell.edits[0] as { value: unknown }).value, {
      ignore: ['a', 'pickle-load'],
      reason: 'fixture',
      until: '2027-03-01',
    });
  });

  it('todayUtc is the UTC date of the instant given', () => {
    assert.equal(todayUtc(new Date('2027-03-01T23:59:59-05:00')), '2027-03-02');
  });

  it('requireReason must be a boolean in the config', () => {
    assert.throws(
      () => resolveConfig({ requireReason: 'yes' }),
      /requireReason: must be true or false/,
    );
  });
});

describe('cellguard scan --list-suppressions', () => {
  const work = mkdtempSync(join(tmpdir(), 'cellguard-suppressions-'));
  writeFileSync(
    join(work, 'load.py'),
    [
      'import pickle',
      `a = ${LOAD}  # cellguard: ignore[pickle-load] until=2026-01-01 -- legacy loader, see #12`,
      `b = ${LOAD}  # cellguard: ignore[pickle-load] until=2027-03-01 -- vendored, hash-checked`,
      '',
      `c = ${LOAD}  # cellguard: ignore`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(work, 'nb.ipynb'),
    notebook([
      {
        source: `import pickle\n${LOAD}\n`,
        metadata: { cellguard: { ignore: true, reason: 'fixture notebook' } },
      },
    ]),
  );
  const env = (today: string) => {
    const saved = process.env['CELLGUARD_TODAY'];
    process.env['CELLGUARD_TODAY'] = today;
    return () => {
      if (saved === undefined) delete process.env['CELLGUARD_TODAY'];
      else process.env['CELLGUARD_TODAY'] = saved;
    };
  };

  it('prints each suppression with its reason, expiry and status', async () => {
    const restore = env('2026-12-04');
    try {
      const run = await cli(work, 'scan', '--list-suppressions', '.');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        [
          'load.py',
          '  line 2  pickle-load  until 2026-01-01  EXPIRED  -- legacy loader, see #12',
          '  line 3  pickle-load  until 2027-03-01  active   -- vendored, hash-checked',
          '  line 5  (all rules)  no expiry         active   (no reason)',
          '',
          'nb.ipynb',
          '  cell 1 metadata  (all rules)  no expiry  active  -- fixture notebook',
          '',
          '4 suppression(s) in 2 file(s); 1 expired (these do not suppress)',
          '',
        ].join('\n'),
      );
      const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
      assert.ok(readme.includes(`\`\`\`\n${run.stdout}\`\`\``), 'the README shows this list');
      // The same expired suppression makes the scan report the load again, and say why.
      const scan = await cli(work, 'scan', 'load.py');
      assert.equal(scan.code, 1);
      assert.match(scan.stdout, /2:5 +warning .*pickle-load/);
      assert.match(
        scan.stdout,
        /notice: cell 1: the suppression of pickle-load on line 2 expired on 2026-01-01/,
      );
    } finally {
      restore();
    }
  });

  it('--format json, with requireReason from the config', async () => {
    writeFileSync(join(work, '.cellguard.json'), '{"requireReason": true}');
    const restore = env('2026-12-04');
    try {
      const run = await cli(work, 'scan', '--list-suppressions', '-f', 'json', 'load.py');
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as {
        today: string;
        suppressions: { path: string; line: number; status: string; reason?: string }[];
      };
      assert.equal(report.today, '2026-12-04');
      assert.deepEqual(
        report.suppressions.map((s) => [s.path, s.line, s.status]),
        [
          ['load.py', 2, 'expired'],
          ['load.py', 3, 'active'],
          ['load.py', 5, 'no-reason'],
        ],
      );
    } finally {
      restore();
    }
  });

  it('a $CELLGUARD_TODAY that is not a date is a usage error', async () => {
    const restore = env('tomorrow');
    try {
      const run = await cli(work, 'scan', 'load.py');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /CELLGUARD_TODAY must be a date written YYYY-MM-DD/);
    } finally {
      restore();
    }
  });
});
