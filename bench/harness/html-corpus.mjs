/**
 * A generated corpus of large HTML outputs (pandas DataFrame tables, with their text/plain twin),
 * for the peak-memory target: ≤ 300 MiB on any corpus of ≤ 100 MB. Real notebooks with outputs
 * like these (`df` printed in full) are where output caches used to pile up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './fixtures.mjs';

function dataFrame(next, rows, cols) {
  const head = Array.from({ length: cols }, (_, c) => `<th>col_${c}</th>`).join('');
  const html = [
    '<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n</style>\n',
    `<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n      <th></th>${head}\n    </tr>\n  </thead>\n  <tbody>\n`,
  ];
  const plain = [`      ${Array.from({ length: cols }, (_, c) => `col_${c}`).join('    ')}\n`];
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: cols }, () => (next() * 1000).toFixed(4));
    html.push(
      `    <tr>\n      <th>${r}</th>\n${values.map((v) => `      <td>${v}</td>\n`).join('')}    </tr>\n`,
    );
    plain.push(`${String(r).padEnd(6)}${values.join('  ')}\n`);
  }
  html.push('  </tbody>\n</table>\n</div>');
  return { 'text/html': html.join(''), 'text/plain': plain.join('') };
}

/**
 * Write `notebooks` notebooks of `outputsPerNotebook` DataFrame outputs, `rows` × 12 columns each,
 * under `dir`. Returns the bytes written.
 */
export function writeHtmlCorpus(dir, { notebooks = 8, outputsPerNotebook = 6, rows = 4000 } = {}) {
  mkdirSync(dir, { recursive: true });
  const next = rng(15);
  let bytes = 0;
  for (let n = 0; n < notebooks; n++) {
    const cells = [];
    for (let o = 0; o < outputsPerNotebook; o++)
      cells.push({
        cell_type: 'code',
        execution_count: o + 1,
        id: `c${n}-${o}`,
        metadata: {},
        source: [`df_${o} = pd.read_csv("part_${o}.csv")\n`, `df_${o}`],
        outputs: [
          {
            output_type: 'execute_result',
            execution_count: o + 1,
            metadata: {},
            data: dataFrame(next, rows, 12),
          },
        ],
      });
    const text = JSON.stringify(
      { nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: 'python' } }, cells },
      null,
      1,
    );
    writeFileSync(join(dir, `frames-${n}.ipynb`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}
