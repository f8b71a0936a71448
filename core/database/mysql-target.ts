import type { DatabaseConfig } from '../config/config.types';

/** Where mysql2 connects: DB_SOCKET when set (a Unix socket skips the loopback TCP stack), else host and port. */
export type MysqlTarget = { socketPath: string } | { host: string | undefined; port: number };

export function mysqlTarget(db: Pick<DatabaseConfig, 'host' | 'port' | 'socketPath'>): MysqlTarget {
  return db.socketPath ? { socketPath: db.socketPath } : { host: db.host ?? undefined, port: db.port };
}
