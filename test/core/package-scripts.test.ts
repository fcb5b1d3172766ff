/**
 * `npm run package -w jupyter-ext` on a fresh machine: the wheel build names (or installs) the
 * hatchling it needs instead of failing with a bare "No module named hatchling".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

describe('jupyter-ext wheel build', () => {
  it('says which package to install when hatchling is missing', () => {
    // `-S` leaves out site and dist-packages: a Python without hatchling.
    const run = spawnSync('bash', [join(repoRoot, 'jupyter-ext', 'scripts', 'build-wheel.sh')], {
      encoding: 'utf8',
      env: { ...process.env, PYTHON: '/usr/bin/python3 -S', CELLGUARD_NO_INSTALL: '1' },
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /install it with 'apt-get install python3-hatchling'/);
  });
});
