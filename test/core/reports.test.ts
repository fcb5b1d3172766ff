/**
 * What reports promise about places and failures: SARIF URIs relative to the repository or the
 * scanned root (never `../`), a missing path is an error in every format, an invalid-JSON
 * notebook's error names its line and column, and every SARIF rule carries `fullDescription`
 * and `help` generated from its doc page.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NotebookError, parseNotebook } from '@cellguard/core';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

interface SarifRun {
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications: { message: { text: string } }[];
  }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  tool: {
    driver: {
      rules: {
        id: string;
        fullDescription?: { text: string };
        help?: { text: string; markdown: string };
      }[];
    };
  };
}

const LEAKY = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      cell_type: 'code',
      metadata: {},
      outputs: [],
      source: 'import pickle\nm = pickle.load(open("m.pkl", "rb"))\n',
    },
  ],
});

function sarifRun(stdout: string): SarifRun {
  return (JSON.parse(stdout) as { runs: SarifRun[] }).runs[0]!;
}

describe('reports', () => {
  it('SARIF URIs are relative to the repository root, even when scanning from a subfolder', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'cg-repo-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'notebooks', 'a'), { recursive: true });
    mkdirSync(join(repo, 'tools'), { recursive: true });
    writeFileSync(join(repo, 'notebooks', 'a', 'x.ipynb'), LEAKY);
    const run = sarifRun(
      (await cli(join(repo, 'tools'), 'scan', '../notebooks', '-f', 'sarif')).stdout,
    );
    assert.deepEqual(
      run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
      ['notebooks/a/x.ipynb'],
    );
    assert.match(run.originalUriBaseIds['%SRCROOT%']!.uri, /^file:\/\/.*cg-repo-[^/]+\/$/);
  });

  it('outside a repository: relative to the deepest folder holding the scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-norepo-'));
    mkdirSync(join(dir, 'data', 'nb'), { recursive: true });
    mkdirSync(join(dir, 'cwd'), { recursive: true });
    writeFileSync(join(dir, 'data', 'nb', 'y.ipynb'), LEAKY);
    const run = sarifRun((await cli(join(dir, 'cwd'), 'scan', '../data', '-f', 'sarif')).stdout);
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(
      uris.every((uri) => !uri.startsWith('..') && !uri.startsWith('/')),
      uris.join(),
    );
    assert.deepEqual(uris, ['data/nb/y.ipynb']);
  });

  it('a path that does not exist is an error in SARIF, JSON and text, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-missing-'));
    const sarif = await cli(dir, 'scan', 'nope.ipynb', '-f', 'sarif');
    assert.equal(sarif.code, 2);
    const run = sarifRun(sarif.stdout);
    assert.equal(run.invocations[0]!.executionSuccessful, false);
    assert.match(
      run.invocations[0]!.toolExecutionNotifications[0]!.message.text,
      /nope\.ipynb: no such file/,
    );
    const json = await cli(dir, 'scan', 'nope.ipynb', '-f', 'json');
    assert.equal(json.code, 2);
    const files = (JSON.parse(json.stdout) as { files: { path: string; error?: string }[] }).files;
    assert.deepEqual(
      files.map((f) => [f.path, f.error]),
      [['nope.ipynb', 'no such file or directory']],
    );
    const text = await cli(dir, 'scan', 'nope.ipynb', '--no-color');
    assert.equal(text.code, 2);
    assert.match(text.stdout, /nope\.ipynb[\s\S]*could not be scanned: no such file or directory/);
    assert.doesNotMatch(text.stdout, /0 problems/);
  });

  it("an invalid-JSON notebook's error names line and column, and no text of the file", () => {
    const cases: [string, string][] = [
      ['{\n "nbformat": 4,\n "cells": [1 2]\n}', 'line 3, column 14'],
      ['{\n "a": 1,\n}', 'line 3, column 1'],
      ['{\n "cells": [', 'line 2, column 12'],
      [`{\n "secret": "${'y'.repeat(60)}",\n "b": sk-proj-ABCDEF}`, 'line 3, column 7'],
    ];
    for (const [text, where] of cases) {
      assert.throws(
        () => parseNotebook(text),
        (error: unknown) => {
          assert.ok(error instanceof NotebookError);
          assert.ok(error.message.includes(where), `${error.message} names ${where}`);
          assert.ok(!error.message.includes('sk-proj'), error.message);
          return true;
        },
      );
    }
  });

  it('every SARIF rule has fullDescription and help taken from its doc page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-help-'));
    writeFileSync(join(dir, 'x.ipynb'), LEAKY);
    const rules = sarifRun((await cli(dir, 'scan', 'x.ipynb', '-f', 'sarif')).stdout).tool.driver
      .rules;
    assert.ok(rules.length > 40);
    for (const rule of rules) {
      const page = readFileSync(join(repoRoot, 'shared', 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.ok(rule.fullDescription && rule.fullDescription.text.length > 20, rule.id);
      assert.ok(rule.help && rule.help.text.length >= rule.fullDescription.text.length, rule.id);
      assert.ok(
        page.includes(rule.help.markdown.split('\n')[0]!),
        `${rule.id}: markdown is the page`,
      );
      assert.ok(rule.help.markdown.includes('## Why is this bad?'), rule.id);
      assert.doesNotMatch(rule.fullDescription.text, /`/, `${rule.id}: plain text`);
    }
  });
});
