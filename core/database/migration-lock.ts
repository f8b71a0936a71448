import crypto from 'node:crypto';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { mysqlTarget } from './mysql-target';
import type { Database } from './database';

const WAIT_SECONDS = 120;

/**
 * GET_LOCK names are server-wide, not per database: name the lock after the database so two
 * installations (or test runs) sharing one server never wait on each other. MySQL caps names at 64.
 */
export function migrationLockName(database: string): string {
  const name = `logbook-migrate:${database}`;
  return name.length <= 64 ? name : `logbook-migrate:${crypto.createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/**
 * Serializes migrations across processes. MySQL/MariaDB: GET_LOCK, held on one dedicated
 * connection for the whole run, since named locks belong to a connection. SQLite: an exclusive
 * lock file beside the database, with stale-holder detection by pid.
 */
export async function withMigrationLock<T>(db: Database, sqlitePath: string | null, work: () => Promise<T>): Promise<T> {
  if (db.dialect === 'mysql') return withMysqlLock(db, work);
  return withFileLock(`${sqlitePath ?? 'logbook.sqlite'}.migrate.lock`, work);
}

async function withMysqlLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  // A connection of its own, outside the pool: the migrations need pool connections while the lock
  // is held, and a pool of one would otherwise deadlock against its own lock.
  const c = db.sequelize.config;
  const socketPath = (c.dialectOptions as { socketPath?: string } | undefined)?.socketPath ?? null;
  const conn = await mysql.createConnection({ ...mysqlTarget({ host: c.host ?? null, port: Number(c.port), socketPath }), user: c.username, password: c.password ?? undefined, database: c.database });
  const name = migrationLockName(String(c.database));
  try {
    const [rows] = await conn.query('SELECT GET_LOCK(?, ?) AS acquired', [name, WAIT_SECONDS]);
    const acquired = Number((rows as Array<{ acquired: number | null }>)[0]?.acquired);
    if (acquired !== 1) throw new Error(`could not take the migration lock within ${WAIT_SECONDS} s (another process is migrating)`);
    try {
      return await work();
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  } finally {
    await conn.end().catch(() => undefined);
  }
}

function holderAlive(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!holderAlive(file)) { fs.rmSync(file, { force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`could not take the migration lock ${file} within ${WAIT_SECONDS} s`, { cause: err });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
