import { expect } from 'chai';
import fs from 'node:fs';
import { QueryTypes } from 'sequelize';
import { getTestKernel, testConfig } from '../../support/kernel';
import { adminConnection, createDatabase, dropDatabase } from '../../support/mysql-admin';
import { TEST_ENV } from '../../support/env';
import { Migrator } from '../../../core/database/migrator';
import { migrationFolders } from '../../../core/kernel/kernel';
import { Database, createSequelize } from '../../../core/database/database';
import { openTableSnapshot } from '../../../core/backup/table-snapshot';
import { silentLogger } from '../../../core/logging/logger';
import { ConfigError } from '../../../core/config';

/** The Unix socket of the MariaDB the tests use, as the server itself reports it. */
async function serverSocket(): Promise<string> {
  const conn = await adminConnection();
  try {
    const [rows] = await conn.query('SELECT @@socket AS socket');
    return String((rows as Array<{ socket: string }>)[0].socket);
  } finally {
    await conn.end();
  }
}

describe('DB_SOCKET: MariaDB through its Unix socket', () => {
  const name = `${TEST_ENV.DB_NAME}_sock`.slice(0, 64);
  let socket: string;
  let db: Database | null = null;

  before(async () => {
    socket = await serverSocket();
    expect(fs.existsSync(socket), `the MariaDB socket ${socket} exists on this machine`).to.equal(true);
    await createDatabase(name);
  });

  after(async () => {
    await db?.close().catch(() => undefined);
    await dropDatabase(name);
  });

  it('when DB_SOCKET is set, then migrations (with their lock), queries and a backup snapshot all go through the socket, never DB_HOST', async function () {
    this.timeout(60_000);
    // A host that cannot resolve: anything that still connected by TCP would fail.
    const config = testConfig({ DB_NAME: name, DB_HOST: 'socket-only.invalid', DB_SOCKET: socket });
    expect(config.database.socketPath).to.equal(socket);
    db = new Database(createSequelize(config), silentLogger, 0);
    const kernel = await getTestKernel();
    const migrator = new Migrator(db, migrationFolders(kernel.modules), silentLogger, null);
    await migrator.up();
    expect((await migrator.status()).pending).to.have.length(0);
    const [row] = await db.sequelize.query<{ one: number }>('SELECT 1 AS one', { type: QueryTypes.SELECT });
    expect(Number(row.one)).to.equal(1);
    const snapshot = await openTableSnapshot(config, db);
    try {
      expect((await snapshot.tables()).map((t) => t.name)).to.include('users');
    } finally {
      await snapshot.close();
    }
  });

  it('when DB_SOCKET is set without DB_HOST, or is not an absolute path, then the config names the variable', () => {
    expect(() => testConfig({ DB_HOST: '', DB_SOCKET: '/run/mysqld/mysqld.sock' })).to.throw(ConfigError, /DB_SOCKET: needs DB_HOST/);
    expect(() => testConfig({ DB_SOCKET: 'mysqld.sock' })).to.throw(ConfigError, /DB_SOCKET.*absolute path/);
  });
});
