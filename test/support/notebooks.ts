/** Small notebooks the CLI, bundle and hook tests share. */

/** A notebook with a key in a cell's source and a password-bearing URL in an output. */
export function leakyNotebook(key: string): string {
  return `${JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { language_info: { name: 'python' } },
      cells: [
        {
          cell_type: 'code',
          id: 'key',
          metadata: {},
          execution_count: 1,
          source: [`client = OpenAI(api_key="${key}")\n`],
          outputs: [],
        },
        {
          cell_type: 'code',
          id: 'load',
          metadata: {},
          execution_count: 2,
          source: ['import pickle\n', 'model = pickle.load(open("m.pkl", "rb"))\n'],
          outputs: [],
        },
      ],
    },
    null,
    1,
  )}\n`;
}
