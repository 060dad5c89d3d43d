#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci` via prepare).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    console.error('algoreg is not built yet: run `npm run build` (or `npm ci`) first.');
    process.exit(2);
  }
  throw err;
});
