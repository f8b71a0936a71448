'use strict';
/** A fresh, private temp folder (for a server's DATA_DIR) and its removal. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { makeTempDir, removeDir };
