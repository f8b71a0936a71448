import { MYSQL_CHARSET, MYSQL_COLLATION, type Dialect } from './database';

/** Options for `createTable`: utf8mb4 with an explicit collation on MySQL/MariaDB, nothing on SQLite. */
export function tableOptions(dialect: Dialect): { charset?: string; collate?: string; engine?: string } {
  return dialect === 'mysql' ? { charset: MYSQL_CHARSET, collate: MYSQL_COLLATION, engine: 'InnoDB' } : {};
}
