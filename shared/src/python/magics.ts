/**
 * IPython syntax that is not Python: line magics (`%env`), cell magics (`%%bash`), shell escapes
 * (`!pip install`), help (`obj?`). They are understood, not reported as parse errors: the masked
 * text replaces each with `_` plus spaces (same length, so every offset stays valid) and the
 * magic itself is described for rules that care (`%env KEY=value`, `!export KEY=value`).
 */

export interface Magic {
  readonly kind: 'line-magic' | 'cell-magic' | 'shell';
  /** `env`, `bash`, `writefile`… (without `%`); for shell escapes the command word (`export`). */
  readonly name: string;
  /** Range of the whole magic (from `%`/`!` to the end of its last line). */
  readonly range: readonly [number, number];
  /** Range of what follows the name. */
  readonly argsRange: readonly [number, number];
}

export interface MaskedSource {
  /** Same length as the input; non-Python spans replaced so a Python parser reads it cleanly. */
  readonly text: string;
  readonly magics: readonly Magic[];
  /**
   * False when the whole cell is another language (`%%bash`, `%%html`, `%%sql`…): the Python
   * parser is not used for it, text rules still are.
   */
  readonly isPython: boolean;
}

/** Cell magics whose body is Python (the rest of the cell runs as Python). */
const PYTHON_BODY_CELL_MAGICS = new Set([
  'time',
  'timeit',
  'capture',
  'prun',
  'debug',
  'python',
  'python3',
  'pypy',
]);

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = chars[i]!;
    if (c !== '\n' && c !== '\r') chars[i] = ' ';
  }
  if (from < to) chars[from] = '_';
}

const NAME = /^[A-Za-z_][\w.-]{0,100}/;

/** Describe and mask IPython-only syntax in one cell. Linear in the cell's length. */
export function maskMagics(source: string): MaskedSource {
  // Fast path: most cells have no magic character at all.
  if (!/[%!?]/.test(source)) return { text: source, magics: [], isPython: true };

  const magics: Magic[] = [];
  const chars = source.split('');
  let isPython = true;
  let lineStart = 0;
  let first = true;
  // Bracket depth tells continuation lines of a Python expression from new statements.
  let depth = 0;

  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = source.length;
    const line = source.slice(lineStart, lineEnd);
    const indent = line.length - line.trimStart().length;
    const body = line.slice(indent);

    if (first && body.startsWith('%%')) {
      const name = NAME.exec(body.slice(2))?.[0] ?? '';
      const argsFrom = lineStart + indent + 2 + name.length;
      magics.push({
        kind: 'cell-magic',
        name,
        range: [lineStart + indent, source.length],
        argsRange: [argsFrom, lineEnd],
      });
      blank(chars, lineStart + indent, lineEnd);
      const bodyIsPython =
        PYTHON_BODY_CELL_MAGICS.has(name) || (name === 'writefile' && /\.py\s*$/.test(line));
      if (!bodyIsPython) {
        isPython = false;
        blank(chars, lineEnd, source.length);
        break;
      }
    } else if (depth === 0 && (body.startsWith('%') || body.startsWith('!'))) {
      // A whole-line magic or shell escape, possibly continued with trailing backslashes.
      let end = lineEnd;
      while (source.charCodeAt(end - 1) === 92 /* \ */ && end < source.length) {
        const next = source.indexOf('\n', end + 1);
        end = next === -1 ? source.length : next;
      }
      const isShell = body.startsWith('!');
      const rest = body.slice(isShell ? (body.startsWith('!!') ? 2 : 1) : 1).trimStart();
      const name = NAME.exec(rest)?.[0] ?? '';
      // `rest` is a suffix of `body`, so its start follows from the lengths.
      const nameStart = lineStart + indent + body.length - rest.length;
      magics.push({
        kind: isShell ? 'shell' : 'line-magic',
        name,
        range: [lineStart + indent, end],
        argsRange: [Math.min(nameStart + name.length, end), end],
      });
      blank(chars, lineStart + indent, end);
      lineEnd = end;
    } else {
      // `x = !cmd` / `x = %magic` assignments, and `obj?` help lines.
      const assigned = depth === 0 ? /^[\w.,\s[\]()*]{1,200}=\s{0,40}([%!])/.exec(body) : null;
      if (assigned && !/[=!<>]=/.test(body.slice(0, assigned.index + assigned[0].length))) {
        const from = lineStart + indent + assigned[0].length - 1;
        const isShell = assigned[1] === '!';
        const rest = source.slice(from + 1, lineEnd).trimStart();
        const name = NAME.exec(rest)?.[0] ?? '';
        const nameStart = lineEnd - rest.length;
        magics.push({
          kind: isShell ? 'shell' : 'line-magic',
          name,
          range: [from, lineEnd],
          argsRange: [nameStart + name.length, lineEnd],
        });
        blank(chars, from, lineEnd);
      } else if (depth === 0 && /^[\w.]{1,200}\?{1,2}\s*$/.test(body)) {
        blank(chars, lineStart + indent, lineEnd);
      } else {
        depth = Math.max(0, depth + bracketDelta(line));
      }
    }
    first = false;
    lineStart = lineEnd + 1;
  }
  return { text: chars.join(''), magics, isPython };
}

/** Net bracket change of a line, ignoring brackets inside simple string literals and comments. */
function bracketDelta(line: string): number {
  let delta = 0;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '#') break;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') delta++;
    else if (c === ')' || c === ']' || c === '}') delta--;
  }
  return delta;
}
