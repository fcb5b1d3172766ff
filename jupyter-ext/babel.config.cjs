// Used by jest only: turns ES modules (the core, CodeMirror, …) into CommonJS for jsdom.
module.exports = require('@jupyterlab/testing/lib/babel-config');
