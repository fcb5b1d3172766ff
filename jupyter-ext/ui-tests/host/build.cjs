// Builds the host app with webpack's Node API (no webpack-cli: the workspace has two CLIs).
const webpack = require('webpack');
const configs = require('./webpack.config.cjs');
const started = Date.now();
webpack(configs, (error, stats) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  if (stats.hasErrors()) {
    console.error(stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  console.log(`host app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
