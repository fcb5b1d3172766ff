// Unit tests with @jupyterlab/testing (jest 29 + jsdom): real notebook models, panels and
// CodeMirror views. ES-module packages (and the core, an ES module) are transformed by babel.
const jestJupyterLab = require('@jupyterlab/testing/lib/jest-config');

const esModules = [
  '@codemirror',
  '@jupyter/ydoc',
  '@jupyter/react-components',
  '@jupyter/web-components',
  '@jupyterlab/',
  '@lezer',
  '@marijn',
  '@microsoft',
  '@secretlint',
  '@cellguard',
  'crelt',
  'exenv-es6',
  'lib0',
  'libphonenumber-js',
  'marked',
  'nanoid',
  'style-mod',
  'vscode-ws-jsonrpc',
  'w3c-keyname',
  'y-protocols',
  'yjs',
].join('|');

const base = jestJupyterLab(__dirname);

module.exports = {
  ...base,
  reporters: ['default'],
  testRegex: '/test/.*\\.spec\\.ts$',
  // The shared conformance table (../test/support, ES-module TypeScript) imports `./x.js`.
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^(\\.{1,2}/.*/support/.*|\\.{1,2}/core/secrets-fakes)\\.js$': '$1',
  },
  transform: {
    ...base.transform,
    '^.+\\.tsx?$': ['ts-jest/legacy', { tsconfig: './tsconfig.test.json' }],
    '^.+\\.m?jsx?$': 'babel-jest',
  },
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`],
};
