#!/usr/bin/env node
// The GitHub Action's entry (action.yml), written by `npm run bundle`: the CLI bundle in action mode.
globalThis.cellguardEntry = 'action';
require('./cellguard.cjs');
