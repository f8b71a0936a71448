import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Kernel } from '../../../core/kernel/kernel';
import { Database, createSequelize, isDatabaseUnavailable } from '../../../core/database/database';
import { silentLogger } from '../../../core/logging/logger';
import { getTestKernel, testConfig } from '../../support/kernel';

const TABLE = 'plain_sql_probe';

describe('database: plain SQL on the driver (MariaDB)', () => {
  let kernel: Kernel;

  before(async () => {
    kernel = await getTestKernel();
    expect(kernel.db.dialect).to.equal('mysql');
    await kernel.db.sequelize.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id INT PRIMARY KEY, name VARCHAR(40) NULL, at DATETIME NULL, flag TINYINT(1) NOT NULL DEFAULT 0)`);
  });

  beforeEach(async () => { await kernel.db.sequelize.query(`DELETE FROM ${TABLE}`); });
  after(async () => { await kernel.db.sequelize.query(`DROP TABLE IF EXISTS ${TABLE}`); });

  it('when rows are selected outside a transaction, then they equal what Sequelize returns, and the borrowed connections go back to the pool', async () => {
    const at = new Date(Date.UTC(2026, 10, 27, 21, 30, 15, 900));
    await kernel.db.plain.write(`INSERT INTO ${TABLE} (id, name, at, flag) VALUES (?, ?, ?, ?)`, [1, "O'Brien \\ \"quoted\"", at, true]);
    const sql = `SELECT id, name, at, flag FROM ${TABLE} WHERE id = ?`;
    const viaSequelize = await kernel.db.sequelize.query(sql, { replacements: [1], type: QueryTypes.SELECT });
    // Far more selects than the pool has connections: each one must give its connection back.
    for (let i = 0; i < 3 * kernel.config.database.poolMax; i++) {
      expect(await kernel.db.plain.select(sql, [1])).to.deep.equal(viaSequelize);
    }
    const [row] = await kernel.db.plain.select<{ name: string; at: Date; flag: number }>(sql, [1]);
    expect(row.name).to.equal("O'Brien \\ \"quoted\"");
    // Whole seconds, as Sequelize's replacements write a DATETIME (MySQL 8 would round the .900 up).
    expect(row.at.toISOString()).to.equal('2026-11-27T21:30:15.000Z');
    expect(row.flag).to.equal(1);
  });

  it('when used in a transaction, then statements run on its connection: seen inside, gone after a rollback', async () => {
    const failure = await kernel.db.transaction(async (tx) => {
      const written = await kernel.db.plain.write(`INSERT INTO ${TABLE} (id, name) VALUES (?, ?)`, [2, 'inside'], tx);
      expect(written.affectedRows).to.equal(1);
      expect(await kernel.db.plain.select(`SELECT name FROM ${TABLE} WHERE id = ?`, [2], tx)).to.deep.equal([{ name: 'inside' }]);
      throw new Error('roll back');
    }).catch((err: Error) => err);
    expect(failure?.message).to.equal('roll back');
    expect(await kernel.db.plain.select(`SELECT id FROM ${TABLE}`, [])).to.deep.equal([]);
  });

  it('when an update matches rows, then affectedRows counts them', async () => {
    await kernel.db.plain.write(`INSERT INTO ${TABLE} (id, name) VALUES (3, 'a'), (4, 'b')`, []);
    expect((await kernel.db.plain.write(`UPDATE ${TABLE} SET name = ? WHERE id >= ?`, ['c', 3])).affectedRows).to.equal(2);
    expect((await kernel.db.plain.write(`UPDATE ${TABLE} SET name = ? WHERE id = ?`, ['c', 99])).affectedRows).to.equal(0);
  });

  it('when a statement is wrong, then the driver error keeps its code and is not read as "database unavailable"', async () => {
    const err = await kernel.db.plain.select('SELEC nonsense', []).catch((e: Error & { code?: string }) => e);
    expect((err as { code?: string }).code).to.equal('ER_PARSE_ERROR');
    expect(isDatabaseUnavailable(err)).to.equal(false);
    // The failed statement did not keep the connection: the pool still serves.
    expect(await kernel.db.plain.select('SELECT 1 AS one', [])).to.deep.equal([{ one: 1 }]);
  });

  it('when the database cannot be reached, then the error reads as "database unavailable" (503)', async () => {
    const config = testConfig({ DB_HOST: '127.0.0.1', DB_PORT: '1', DB_SOCKET: '', DB_CONNECT_TIMEOUT: '1' });
    const db = new Database(createSequelize(config), silentLogger, 0);
    try {
      const err = await db.plain.select('SELECT 1', []).catch((e: unknown) => e);
      expect(isDatabaseUnavailable(err)).to.equal(true);
    } finally {
      await db.sequelize.close().catch(() => undefined);
    }
  });
});

describe('database: plain SQL on SQLite (through Sequelize)', () => {
  let dir: string;
  let db: Database;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-plain-sql-'));
    const config = testConfig({ DB_HOST: '', DATA_DIR: dir });
    db = new Database(createSequelize(config), silentLogger, 0);
    await db.sequelize.query(`CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY, name TEXT)`);
  });

  after(async () => {
    await db.sequelize.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when rows are written and selected, in and out of a transaction, then the answers match MariaDB\'s', async () => {
    expect((await db.plain.write(`INSERT INTO ${TABLE} (id, name) VALUES (?, ?), (?, ?)`, [1, 'a', 2, 'b'])).affectedRows).to.equal(2);
    await db.transaction(async (tx) => {
      expect((await db.plain.write(`UPDATE ${TABLE} SET name = ? WHERE id = ?`, ['z', 2], tx)).affectedRows).to.equal(1);
      expect(await db.plain.select(`SELECT id, name FROM ${TABLE} ORDER BY id`, [], tx)).to.deep.equal([{ id: 1, name: 'a' }, { id: 2, name: 'z' }]);
    });
    expect(await db.plain.select(`SELECT name FROM ${TABLE} WHERE id = ?`, [2])).to.deep.equal([{ name: 'z' }]);
    expect((await db.plain.write(`DELETE FROM ${TABLE} WHERE id >= ?`, [1])).affectedRows).to.equal(2);
  });
});
