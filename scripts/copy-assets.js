#!/usr/bin/env node
'use strict';
/** Copies the generated OpenAPI documents and the password word lists into dist/ (tsc copies only code). */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if ((path.basename(dir) === 'generated' && entry.name.endsWith('.json')) || (path.basename(dir) === 'wordlists' && entry.name.endsWith('.txt'))) {
      const target = path.join(dist, path.relative(root, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
    }
  }
}

walk(root);
