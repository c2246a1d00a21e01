/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- this file is CommonJS on purpose */
// @mlc-ai/web-xgrammar's bundle is UMD inside a package marked "type": "module": Node reads it
// as an ES module, where its CommonJS branch never runs. This CommonJS wrapper runs the file as
// a CommonJS function body and exports what the browser build exports. It is loaded with Node's
// own require (see xgrammar.ts), outside Vitest's module runner, whose sandbox gives no dynamic
// import() to code compiled at run time. Test-only.
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');

const file = require.resolve('@mlc-ai/web-xgrammar/lib/index.js');
const factory = new Function(
  'exports',
  'module',
  'require',
  '__filename',
  '__dirname',
  readFileSync(file, 'utf8'),
);
const loaded = { exports: {} };
factory(loaded.exports, loaded, require, file, dirname(file));
module.exports = loaded.exports;
