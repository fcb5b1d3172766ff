// Merged by @jupyterlab/builder into the federated extension build (package.json
// `jupyterlab.webpackConfig`). The core (and secretlint, which it is adopting) imports a few
// Node built-ins; in the browser they map to small stand-ins instead of failing the build.
const path = require('node:path');
const webpack = require('webpack');

module.exports = {
  plugins: [
    // webpack 5 does not understand the `node:` scheme in browser builds: strip it so the
    // fallbacks below apply (`node:path` → `path` → path-browserify).
    new webpack.NormalModuleReplacementPlugin(/^node:/, (resource) => {
      resource.request = resource.request.replace(/^node:/, '');
    }),
  ],
  resolve: {
    alias: {
      perf_hooks: path.resolve(__dirname, 'shims/perf_hooks.js'),
    },
    fallback: {
      path: require.resolve('path-browserify'),
      fs: false,
      os: false,
      url: false,
      crypto: false,
    },
  },
};
