'use strict';
/**
 * The end of a bench's scratch MariaDB database and its DATA_DIR (keys, SQLite files): dropped and
 * removed, or kept for a look afterwards when BENCH_KEEP_DB is set. Never throws: it runs in
 * `finally` blocks, after the figures are written.
 *
 * @param {{ query(sql: string): Promise<unknown> }} admin a connection with the right to drop it
 * @param {string} name the database
 * @param {string} dataDir the bench's DATA_DIR
 */
async function dropScratchDatabase(admin, name, dataDir) {
  if (process.env.BENCH_KEEP_DB) {
    console.error(`kept database ${name} (its keys: DATA_DIR=${dataDir})`);
    return;
  }
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
  require('node:fs').rmSync(dataDir, { recursive: true, force: true });
}

module.exports = { dropScratchDatabase };
