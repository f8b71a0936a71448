import type { QueryInterface } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Dialect } from './database';

/** What every migration receives: Umzug calls `up({ name, context })`. */
export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  dialect: Dialect;
}

export type Migration = (params: { name: string; context: MigrationContext }) => Promise<void>;
