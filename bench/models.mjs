/**
 * The model-file section of `npm run bench` (issue #12), one case per process so each peak RSS is
 * its own: `cellguard scan DIR` (the CLI's in-process `main`, the same code as the bin) over
 *
 * - `pickles`: 1,000 small model files (the rule's committed fixtures, copied round-robin);
 * - `sparse`: one 2 GiB PyTorch zip checkpoint whose tensor storage member is a hole in a sparse
 *   file — created here, deleted after — so the scan must skip the storage, not read it.
 *
 * Usage: node bench/models.mjs <pickles|sparse>; prints one JSON object (wall ms, CPU ms, peak RSS).
 * Prints, never asserts: the guarantees are tested elsewhere.
 */
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const REPO = new URL('..', import.meta.url).pathname;
const FIXTURES = join(REPO, 'test/fixtures/rules/unsafe-model-file');
const { main } = await import(join(REPO, 'shared/dist/cli/main.js'));

async function scan(dir) {
  let out = '';
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main(['scan', dir, '--format', 'json', '--no-ignore'], {
    cwd: dir,
    isTTY: false,
    stdout: (t) => (out += t),
    stderr: () => undefined,
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const files = JSON.parse(out).files;
  return {
    code,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    modelFiles: files.filter((f) => f.kind === 'model').length,
    findings: files.reduce((n, f) => n + f.findings.length, 0),
  };
}

/** A stored (method 0) ZIP local header + central directory entry for one member. */
function header(name, size, offset) {
  const n = Buffer.from(name, 'latin1');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(size, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(size, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, n]), central: Buffer.concat([central, n]) };
}

/** The first member's bytes of a stored ZIP (the fixture's `archive/data.pkl`). */
function firstMember(zip) {
  const size = zip.readUInt32LE(18);
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  return zip.subarray(start, start + size);
}

const cases = {
  async pickles() {
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-bench-pickles-'));
    try {
      const fixtures = readdirSync(FIXTURES).sort();
      let bytes = 0;
      for (let i = 0; i < 1000; i++) {
        const name = fixtures[i % fixtures.length];
        const to = join(dir, `m${String(i).padStart(4, '0')}-${name}`);
        copyFileSync(join(FIXTURES, name), to);
        bytes += statSync(to).size;
      }
      return { files: 1000, bytes, ...(await scan(dir)) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  async sparse() {
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-bench-sparse-'));
    try {
      const pkl = firstMember(readFileSync(join(FIXTURES, 'ok.safe.torch-state-dict.pt')));
      const storage = 2 * 1024 ** 3 - 4096; // a stored member must stay under 4 GiB (no ZIP64)
      const path = join(dir, 'big.pt');
      const fd = openSync(path, 'w');
      const members = [
        ['archive/data.pkl', pkl],
        ['archive/data/0', storage],
        ['archive/data/1', Buffer.alloc(8)],
        ['archive/version', Buffer.from('3\n')],
      ];
      let at = 0;
      const centrals = [];
      for (const [name, data] of members) {
        const size = typeof data === 'number' ? data : data.length;
        const h = header(name, size, at);
        writeSync(fd, h.local, 0, h.local.length, at);
        at += h.local.length;
        if (typeof data !== 'number') writeSync(fd, data, 0, data.length, at);
        at += size; // a number: the storage is left as a hole
        centrals.push(h.central);
      }
      const cd = Buffer.concat(centrals);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(members.length, 8);
      end.writeUInt16LE(members.length, 10);
      end.writeUInt32LE(cd.length, 12);
      end.writeUInt32LE(at, 16);
      writeSync(fd, Buffer.concat([cd, end]), 0, cd.length + end.length, at);
      closeSync(fd);
      const st = statSync(path);
      return {
        fileBytes: st.size,
        diskBytes: st.blocks * 512,
        ...(await scan(dir)),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const which = process.argv[2] ?? '';
if (!(which in cases)) {
  process.stderr.write(`usage: node bench/models.mjs <${Object.keys(cases).join('|')}>\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await cases[which]())}\n`);
