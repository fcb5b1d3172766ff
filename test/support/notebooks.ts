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

/** A notebook whose only finding is a key printed into a stream output. */
export function outputLeakNotebook(key: string): string {
  return `${JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { language_info: { name: 'python' } },
      cells: [
        {
          cell_type: 'markdown',
          id: 'intro',
          metadata: {},
          source: ['# Calling the API\n'],
        },
        {
          cell_type: 'code',
          id: 'show',
          metadata: {},
          execution_count: 1,
          source: ['import os\n', 'print(os.environ["OPENAI_API_KEY"])\n'],
          outputs: [{ output_type: 'stream', name: 'stdout', text: [`${key}\n`] }],
        },
        {
          cell_type: 'code',
          id: 'after',
          metadata: {},
          execution_count: 2,
          source: ['x = 1 + 1\n'],
          outputs: [],
        },
      ],
    },
    null,
    1,
  )}\n`;
}
