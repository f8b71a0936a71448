import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_ENV } from '../../support/env';
import { createDatabase, dropDatabase } from '../../support/mysql-admin';
import { testConfig } from '../../support/kernel';
import { Database, createSequelize, type Dialect } from '../../../core/database/database';
import { silentLogger } from '../../../core/logging/logger';
import type { Config } from '../../../core/config';

/**
 * A throwaway, empty database for migration tests, apart from the run's shared one: a MariaDB
 * database of its own, or a SQLite file in a temp folder. `env` is what a spawned CLI or server
 * needs to use the same database.
 */
export interface ScratchDatabase {
  dialect: Dialect;
  config: Config;
  env: Record<string, string>;
  open(): Database;
  tables(): Promise<string[]>;
  remove(): Promise<void>;
}

let counter = 0;

export async function scratchDatabase(dialect: Dialect, label: string): Promise<ScratchDatabase> {
  counter += 1;
  const opened: Database[] = [];
  const open = (config: Config) => () => {
    const db = new Database(createSequelize(config), silentLogger, 0);
    opened.push(db);
    return db;
  };
  const closeAll = async () => { for (const db of opened.splice(0)) await db.close().catch(() => undefined); };
  if (dialect === 'mysql') {
    const name = `${TEST_ENV.DB_NAME}_${label}${counter}`.slice(0, 64);
    await createDatabase(name);
    const env = { DB_NAME: name };
    const config = testConfig(env);
    return {
      dialect, config, env, open: open(config),
      tables: () => listTables(config),
      remove: async () => { await closeAll(); await dropDatabase(name); },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `logbook-${label}-`));
  const env = { DB_HOST: '', REDIS_HOST: '', DATA_DIR: dataDir };
  const config = testConfig(env);
  return {
    dialect, config, env, open: open(config),
    tables: () => listTables(config),
    remove: async () => { await closeAll(); fs.rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/** Tables as the database reports them, read through a short-lived connection of our own. */
async function listTables(config: Config): Promise<string[]> {
  const sequelize = createSequelize(config);
  try {
    const tables = await sequelize.getQueryInterface().showAllTables() as unknown as Array<string | { tableName: string }>;
    return tables.map((t) => (typeof t === 'string' ? t : t.tableName)).sort();
  } finally {
    await sequelize.close();
  }
}
