/**
 * Fixes shared by the secret rules. In source: replace the string literal holding the secret with
 * `os.environ["NAME"]` or `getpass.getpass("NAME: ")` (unsafe: the program then needs the variable
 * set, so only on the user's click), adding the import at the top of the cell when neither the
 * cell nor an earlier one has it. In outputs: redact the value (safe) or clear the output.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Edit, Fix, Range } from '../../model/finding.js';
import type { TextView } from '../../engine/rule.js';
import { redactionFor } from '../../engine/mask.js';

/** The string literal node that contains `range`, if the range lies inside one in a Python view. */
export function enclosingString(view: TextView, range: Range): SyntaxNode | undefined {
  const python = view.python;
  if (!python || !python.masked.isPython) return undefined;
  let node: SyntaxNode | null = python.tree.resolveInner(range[0], 1);
  while (node && node.name !== 'String' && node.name !== 'FormatString') node = node.parent;
  if (!node || node.to < range[1]) return undefined;
  // Keep implicit concatenations (`"a" "b"`) out of it: only a literal that is the whole value.
  return node;
}

/** `openai.api_key`, `db_password`, `"api-key"` → `API_KEY`, `DB_PASSWORD`. */
export function envNameFrom(name: string | undefined, fallback: string): string {
  if (!name) return fallback;
  const last = name.split('.').pop() ?? name;
  const snake = last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_{1,80}/, '')
    .replace(/_{1,80}$/, '')
    .toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]{1,80}$/.test(snake)) return fallback;
  return snake;
}

function hasImport(view: TextView, module: string): boolean {
  const python = view.python;
  if (!python) return false;
  for (const [local, target] of python.imports)
    if (local === module && target === module) return true;
  return false;
}

/**
 * Source fixes for a secret at `range`: `os.environ[...]` first, `getpass` second (first when the
 * literal is itself assigned into `os.environ`, where reading it back would be a no-op).
 */
export function sourceFixes(
  view: TextView,
  range: Range,
  envName: string,
  options: { preferGetpass?: boolean } = {},
): Fix[] {
  const literal = enclosingString(view, range);
  if (!literal) return magicFixes(view, range);
  const text = view.text.slice(literal.from, literal.to);
  // f-strings with replacements and byte strings would change type: no fix.
  if (/^[rRuU]?[bBfF]/.test(text)) return [];
  const literalRange: Range = [literal.from, literal.to];
  const name = JSON.stringify(envName);
  const make = (
    module: 'os' | 'getpass',
    replacement: string,
    title: string,
    preferred: boolean,
  ): Fix => {
    const edits: Edit[] = [
      { kind: 'source', cellIndex: view.cellIndex, range: literalRange, text: replacement },
    ];
    if (!hasImport(view, module))
      edits.push({
        kind: 'source',
        cellIndex: view.cellIndex,
        range: [0, 0],
        text: `import ${module}\n`,
      });
    return { title, edits, applicability: 'unsafe', ...(preferred ? { preferred: true } : {}) };
  };
  const environ = make(
    'os',
    `os.environ[${name}]`,
    `Read ${envName} from the environment`,
    !options.preferGetpass,
  );
  const prompt = make(
    'getpass',
    `getpass.getpass(${JSON.stringify(`${envName}: `)})`,
    `Prompt for ${envName} with getpass`,
    options.preferGetpass === true,
  );
  return options.preferGetpass ? [prompt, environ] : [environ, prompt];
}

/**
 * `%env NAME=value`, `%set_env NAME value`, `!export NAME=value`: replace the whole line with
 * `os.environ["NAME"] = getpass.getpass("NAME: ")`, which sets the same variable without storing
 * it (IPython docs, "Built-in magic commands": %env, %set_env).
 */
function magicFixes(view: TextView, range: Range): Fix[] {
  const python = view.python;
  if (!python || !python.masked.isPython) return [];
  const magic = python.masked.magics.find((m) => m.range[0] <= range[0] && range[1] <= m.range[1]);
  if (!magic || magic.kind === 'cell-magic') return [];
  const isEnv = magic.kind === 'line-magic' && (magic.name === 'env' || magic.name === 'set_env');
  const isExport = magic.kind === 'shell' && magic.name === 'export';
  if (!isEnv && !isExport) return [];
  const args = view.text.slice(magic.argsRange[0], magic.argsRange[1]);
  const name = /^\s{0,8}([A-Za-z_]\w{0,100})(?:\s{0,4}=|\s)/.exec(args)?.[1];
  if (!name) return [];
  // Only a magic that is a whole line of its own: `x = %env A=b` is not rewritten.
  const lineStart = view.text.lastIndexOf('\n', magic.range[0] - 1) + 1;
  if (view.text.slice(lineStart, magic.range[0]).trim() !== '') return [];
  const edits: Edit[] = [
    {
      kind: 'source',
      cellIndex: view.cellIndex,
      range: [magic.range[0], magic.range[1]],
      text: `os.environ[${JSON.stringify(name)}] = getpass.getpass(${JSON.stringify(`${name}: `)})`,
    },
  ];
  const imports = ['getpass', 'os'].filter((module) => !hasImport(view, module));
  if (imports.length > 0) {
    edits.push({
      kind: 'source',
      cellIndex: view.cellIndex,
      range: [0, 0],
      text: imports.map((m) => `import ${m}\n`).join(''),
    });
  }
  return [
    {
      title: `Prompt for ${name} with getpass instead of storing it`,
      edits,
      applicability: 'unsafe',
      preferred: true,
    },
  ];
}

/** Output fixes: redact the value in this representation (safe), or clear the output. */
export function outputFixes(view: TextView, range: Range, kind: string): Fix[] {
  const output = view.output;
  if (!output) return [];
  return [
    {
      title: `Redact the ${kind} in this output`,
      applicability: 'safe',
      preferred: true,
      edits: [
        {
          kind: 'redact-output',
          cellIndex: view.cellIndex,
          outputIndex: output.index,
          mimeType: output.mimeType,
          replacements: [{ range, text: redactionFor(kind) }],
        },
      ],
    },
    {
      title: 'Clear this output',
      // Dropping a whole output loses more than the secret: only on the user's click.
      applicability: 'unsafe',
      edits: [{ kind: 'clear-output', cellIndex: view.cellIndex, outputIndex: output.index }],
    },
  ];
}

/** True when the literal at `range` is the value of `os.environ[...] =` or `setdefault`/`putenv`. */
export function isEnvironmentWrite(view: TextView, range: Range): boolean {
  // At most the 400 characters before the literal (the pattern needs fewer): a line with
  // thousands of findings must not be re-read from its start for each of them.
  const window = view.text.slice(Math.max(0, range[0] - 400), range[0]);
  const line = window.slice(window.lastIndexOf('\n') + 1);
  return /environ\s{0,4}\[[^\]]{1,200}\]\s{0,4}=\s{0,4}[rRuU]?["']{1,3}$|(?:setdefault|putenv|environ\.update|set_key)\s{0,4}\(/.test(
    line,
  );
}

/** Fixes for a finding wherever it is. */
export function fixesFor(view: TextView, range: Range, envName: string, kind: string): Fix[] {
  if (view.kind === 'output') return outputFixes(view, range, kind);
  if (view.kind !== 'code') return [];
  return sourceFixes(view, range, envName, { preferGetpass: isEnvironmentWrite(view, range) });
}
