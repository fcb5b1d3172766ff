/** Shared fixtures: a fake PEM key (never a real one) and small notebook builders. */
import type * as nbformat from '@jupyterlab/nbformat';

export const PEM_BODY =
  'MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u';
export const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;
export const SOURCE_SECRET = `KEY = "-----BEGIN RSA PRIVATE KEY-----\\n${PEM_BODY}\\n-----END RSA PRIVATE KEY-----"`;

export function codeCell(
  id: string,
  source: string,
  outputs: nbformat.IOutput[] = [],
): nbformat.ICodeCell {
  return {
    cell_type: 'code',
    id,
    source,
    metadata: { tags: ['t'] },
    outputs,
    execution_count: outputs.length ? 7 : null,
  };
}

export function stream(text: string): nbformat.IStream {
  return { output_type: 'stream', name: 'stdout', text };
}

export function notebookJson(cells: nbformat.ICell[]): nbformat.INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells,
  };
}
