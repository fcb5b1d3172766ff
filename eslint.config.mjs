// ESLint flat config: typescript-eslint with type information, regex safety everywhere, and the
// core (shared/src, outside cli/ and tools/) kept free of editor APIs and Node built-ins.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const editorAndNodeImports = {
  paths: [
    { name: 'vscode', message: 'The core must not import an editor API (STYLE.md habit 5).' },
    { name: 'fs', message: 'The analysis core is pure: no file system.' },
    { name: 'node:fs', message: 'The analysis core is pure: no file system.' },
    { name: 'path', message: 'The analysis core must run in a browser: no path module.' },
    { name: 'node:path', message: 'The analysis core must run in a browser: no path module.' },
    { name: 'child_process', message: 'Cellguard never runs code.' },
    { name: 'node:child_process', message: 'Cellguard never runs code.' },
    { name: 'http', message: 'Cellguard never sends anything over the network.' },
    { name: 'https', message: 'Cellguard never sends anything over the network.' },
    { name: 'node:http', message: 'Cellguard never sends anything over the network.' },
    { name: 'node:https', message: 'Cellguard never sends anything over the network.' },
  ],
  patterns: [
    {
      group: ['@jupyterlab/*', '@lumino/*'],
      message: 'The core must not import an editor API (STYLE.md habit 5).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/lib/**',
      '**/*.d.ts',
      'test/dist/**',
      '.tmp/**',
      'jupyter-ext/cellguard_jupyterlab/**',
      'jupyter-ext/ui-tests/host/build/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after'],
              package: 'node:test',
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Catastrophic backtracking is a denial of service inside an editor: make it a hard error.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'warn',
      'regexp/no-misleading-capturing-group': 'error',
      // Explicit character classes read better than the i flag next to token formats.
      'regexp/use-ignore-case': 'off',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/cli/**', 'shared/src/tools/**'],
    rules: { 'no-restricted-imports': ['error', editorAndNodeImports] },
  },
);
