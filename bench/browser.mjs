/**
 * Per-keystroke cost in headless Chromium (Debian's /usr/bin/chromium through playwright-core).
 * The page is served from 127.0.0.1 with COOP/COEP so it is cross-origin isolated and
 * `performance.now()` has its fine (5 µs) resolution instead of the coarse 100 µs one.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from './harness/bundle.mjs';

export const CHROMIUM = process.env.CELLGUARD_BENCH_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const HTML = `<!doctype html><meta charset="utf-8"><title>cellguard bench</title>
<script>globalThis.__benchT0 = performance.now();</script>
<script src="/bench.js"></script>`;

function serve(bundle) {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cache-Control': 'no-store',
  };
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(HTML);
    else if (req.url === '/bench.js')
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(bundle);
    else res.writeHead(404, headers).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Returns `{skipped: reason}` or the measurements. */
export async function runBrowser({ iterations, warmup, coldPages }) {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} not found: Chromium part skipped` };
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed (npm ci): Chromium part skipped' };
  }
  // Not minified: the extensions ship minified code, but names keep --cpu-prof style traces
  // readable and V8 runs both the same.
  const bundle = await bundleForBrowser(
    fileURLToPath(new URL('./browser/entry.mjs', import.meta.url)),
  );
  const server = await serve(bundle);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const version = browser.version();
    const cold = [];
    for (let i = 0; i < coldPages; i++) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => globalThis.cellguardBench !== undefined);
      const info = await page.evaluate(async () => ({
        loadMs: globalThis.cellguardBench.loadMs,
        ...(await globalThis.cellguardBench.cold(50, false)),
      }));
      cold.push(info);
      await page.close();
    }
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.waitForFunction(() => globalThis.cellguardBench !== undefined);
    const meta = await page.evaluate(() => ({
      crossOriginIsolated: globalThis.cellguardBench.crossOriginIsolated,
      rules: globalThis.cellguardBench.rules,
      userAgent: navigator.userAgent,
    }));
    const keystroke = await page.evaluate(
      ([n, w]) => globalThis.cellguardBench.keystroke(n, w),
      [iterations, warmup],
    );
    return { version, ...meta, cold, keystroke, errors, bundleBytes: Buffer.byteLength(bundle) };
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runBrowser({ iterations: 1000, warmup: 200, coldPages: 3 });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
