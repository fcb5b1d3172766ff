#!/usr/bin/env node
// Committed entry point (exists before the build, so npm can link it); the CLI lives in dist.
import('../dist/cli/bin.js').catch((error) => {
  process.stderr.write(
    `cellguard: cannot start (${error && error.code === 'ERR_MODULE_NOT_FOUND' ? 'run "npm run build" first' : error}).\n`,
  );
  process.exitCode = 2;
});
