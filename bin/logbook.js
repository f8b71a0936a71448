#!/usr/bin/env node
'use strict';
// The `logbook` admin CLI. Production runs the compiled JavaScript; build first with `npm run build`.
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'core', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('logbook: the server is not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(compiled).runCli(process.argv.slice(2)).then((code) => process.exit(code), () => process.exit(1));
