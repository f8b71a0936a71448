import { DataTypes, type DataType } from 'sequelize';
import { MYSQL_CHARSET, MYSQL_COLLATION, type Dialect } from './database';

/** Options for `createTable`: utf8mb4 with an explicit collation on MySQL/MariaDB, nothing on SQLite. */
export function tableOptions(dialect: Dialect): { charset?: string; collate?: string; engine?: string } {
  return dialect === 'mysql' ? { charset: MYSQL_CHARSET, collate: MYSQL_COLLATION, engine: 'InnoDB' } : {};
}

/**
 * LONGTEXT on MySQL/MariaDB; plain TEXT on SQLite, which has no text sizes (and Sequelize prints a
 * warning for every TEXT('long') it is given there).
 */
export function longText(dialect: Dialect): DataType {
  return dialect === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT;
}
