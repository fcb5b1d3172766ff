/**
 * A bounded parser for the Python literals numpy writes in `.npy` headers
 * (`{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` — numpy/lib/format.py). It reads
 * strings, ints, True/False/None, tuples, lists and dicts; anything else is a parse error.
 */
export type PyValue = string | bigint | boolean | null | PyValue[] | Map<string, PyValue>;

const MAX_DEPTH = 32;

export function parsePyLiteral(text: string): PyValue | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const value = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    ws();
    const c = text[i];
    if (c === "'" || c === '"') {
      const q = c;
      let out = '';
      i++;
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\') i++;
        out += text[i] ?? '';
        i++;
      }
      if (text[i] !== q) throw new Error('unterminated string');
      i++;
      return out;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) throw new Error('expected , or closing bracket');
      }
    }
    if (c === '{') {
      i++;
      const map = new Map<string, PyValue>();
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return map;
        }
        const k = value(depth + 1);
        ws();
        if (text[i] !== ':') throw new Error('expected :');
        i++;
        map.set(typeof k === 'string' ? k : String(k), value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error('expected , or }');
      }
    }
    let j = i;
    while (j < text.length && /[\w+-]/.test(text[j] ?? '')) j++;
    const word = text.slice(i, j);
    i = j;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (/^[+-]?\d{1,30}L?$/.test(word)) return BigInt(word.replace('L', ''));
    throw new Error(`unexpected ${JSON.stringify(word.slice(0, 20))}`);
  };
  try {
    const v = value(0);
    ws();
    return i === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}
