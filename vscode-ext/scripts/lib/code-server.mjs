// Shared glue for driving a real VS Code (code-server) from Node: fresh port, user-data-dir and
// workspace copy per run; the server runs in its own process group and is killed as a group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_DIR = path.resolve(EXT_DIR, '..');
export const FIXTURE_WS = path.join(REPO_DIR, 'test', 'fixtures', 'vscode', 'ws');
export const CODE_SERVER =
  process.env.CODE_SERVER_BIN ||
  path.join(process.env.CELLGUARD_CACHE || path.join(process.env.HOME || '/root', '.cache', 'cellguard'), 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

const t0 = Date.now();
export const ts = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export const log = (...args) => console.log(`[${ts()}]`, ...args);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** A fresh temp dir with a copy of the fixture workspace. */
export function makeRunDir(label) {
  const base = process.env.CELLGUARD_TMP || path.join(REPO_DIR, '.tmp', 'vscode-e2e');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${label}-`));
  const workspace = path.join(dir, 'ws');
  fs.cpSync(FIXTURE_WS, workspace, { recursive: true });
  // A config file holding only a newline is rejected; an explicit one keeps ~/.config out.
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\n');
  // Quiet user settings: no git prompt about the repository the run dir may sit in, no welcome.
  fs.mkdirSync(path.join(dir, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'ud', 'User', 'settings.json'),
    JSON.stringify({ 'git.enabled': false, 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off' }, null, 2),
  );
  return { dir, workspace };
}

/** Start code-server; resolves once /healthz answers. */
export async function startCodeServer({ dir, workspace, extensionsDir, env = {} }) {
  const port = await freePort();
  const logFile = path.join(dir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    '--config', path.join(dir, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', path.join(dir, 'ud'), '--extensions-dir', extensionsDir || path.join(dir, 'ext'), workspace,
  ];
  const child = spawn(CODE_SERVER, args, {
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 2000).unref();
  };
  const deadline = Date.now() + 60_000;
  while ((await get(`http://127.0.0.1:${port}/healthz`)) !== 200) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not start in 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, child, stop, logFile, remote: (p) => `vscode-remote://127.0.0.1:${port}${p}` };
}

/** Install a .vsix into an extensions dir with code-server's own CLI. */
export async function installVsix({ dir, vsix, extensionsDir }) {
  await new Promise((resolve, reject) => {
    const child = spawn(
      CODE_SERVER,
      ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', path.join(dir, 'ud'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
      { stdio: 'inherit', env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      code === 0 ? resolve() : reject(new Error(`--install-extension exited ${code}`));
    });
  });
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export function workbenchUrl(port, workspace, payload) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
