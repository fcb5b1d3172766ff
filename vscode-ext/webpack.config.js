// Two bundles of the same sources: `main` for the Node extension host (desktop, code-server,
// remote) and `browser` for the web extension host (vscode.dev, a web worker). The core is pure
// ESM and is bundled into both; `vscode` stays external as the host provides it.
'use strict';
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');

/** @type {(env: unknown, argv: {mode?: string}) => import('webpack').Configuration} */
const base = (_env, argv) => ({
  mode: argv.mode ?? 'none',
  entry: './src/extension.ts',
  externals: { vscode: 'commonjs vscode' },
  resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: [
          {
            loader: 'ts-loader',
            options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true },
          },
        ],
      },
    ],
  },
  devtool: argv.mode === 'production' ? 'nosources-source-map' : 'source-map',
  performance: { hints: false },
  // One file per target: the web extension host loads exactly the `browser` file.
  plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  infrastructureLogging: { level: 'warn' },
});

module.exports = (env, argv) => [
  {
    ...base(env, argv),
    name: 'node',
    plugins: [
      ...base(env, argv).plugins,
      // The core's JSON Schema for .cellguard.json, shipped for `contributes.jsonValidation`.
      {
        apply(compiler) {
          compiler.hooks.afterEmit.tap('cellguard-schema', () => {
            fs.copyFileSync(
              path.resolve(__dirname, '../shared/schema/cellguard.schema.json'),
              path.resolve(__dirname, 'dist/cellguard.schema.json'),
            );
          });
        },
      },
    ],
    target: 'node',
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: 'extension.js',
      libraryTarget: 'commonjs2',
      clean: { keep: /^web\// },
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
  },
  {
    ...base(env, argv),
    name: 'web',
    target: 'webworker',
    output: {
      path: path.resolve(__dirname, 'dist', 'web'),
      filename: 'extension.js',
      libraryTarget: 'commonjs2',
      clean: true,
      devtoolModuleFilenameTemplate: '../../[resource-path]',
    },
    resolve: {
      ...base(env, argv).resolve,
      mainFields: ['browser', 'module', 'main'],
      // secretlint (used by the core) imports node:path and node:perf_hooks; a web worker has
      // neither. path-browserify covers path; perf_hooks only needs `performance`.
      alias: {
        path: require.resolve('path-browserify'),
        perf_hooks: path.resolve(__dirname, 'src/web/perf-hooks-shim.js'),
      },
      fallback: { fs: false, os: false, util: false, url: false, crypto: false },
    },
    plugins: [
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      // `node:x` → `x`, so the aliases and fallbacks above apply (webpack does not resolve the
      // node: scheme for a webworker target).
      new webpack.NormalModuleReplacementPlugin(/^node:/, (resource) => {
        resource.request = resource.request.replace(/^node:/, '');
      }),
      new webpack.ProvidePlugin({
        process: [path.resolve(__dirname, 'src/web/process-shim.js'), 'default'],
      }),
    ],
  },
];
