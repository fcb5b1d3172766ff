/**
 * Which language a notebook's code cells are in, read from nbformat metadata the same way by the
 * CLI and both editors. An empty `language_info.name` (a new JupyterLab notebook before its kernel
 * answers, or a notebook saved that way) falls through to the kernelspec, then to the editor's
 * own hint, then to Python — it must never disable every Python rule.
 */

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The notebook language from its top-level metadata: `language_info.name`, else
 * `kernelspec.language`, else a kernelspec name that says Python (`python3`, `conda-env-x-py`),
 * else `fallback` (an editor's cell language), else `python`.
 */
export function notebookLanguage(metadata: unknown, fallback?: string): string {
  const fromInfo = nonEmpty(field(field(metadata, 'language_info'), 'name'));
  if (fromInfo) return fromInfo;
  const kernelspec = field(metadata, 'kernelspec');
  const fromKernel = nonEmpty(field(kernelspec, 'language'));
  if (fromKernel) return fromKernel;
  const kernelName = nonEmpty(field(kernelspec, 'name'));
  if (
    kernelName &&
    (kernelName.startsWith('python') ||
      kernelName === 'ipykernel' ||
      /-py(?:thon)?\d*$/.test(kernelName))
  )
    return 'python';
  return nonEmpty(fallback) ?? 'python';
}
