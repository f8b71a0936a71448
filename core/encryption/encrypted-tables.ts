import type { Sequelize } from 'sequelize-typescript';
import { encryptedModels, type EncryptedModelSpec } from './encrypted-model-registry';
import { EncryptionUsageError } from './encryption.errors';

/**
 * The encrypted models of `sequelize`, optionally limited to some tables (the CLI's --table).
 * An unknown table name is an error, so a typo never turns into "nothing to do".
 */
export function selectEncryptedModels(sequelize: Sequelize, tables?: readonly string[]): EncryptedModelSpec[] {
  const all = encryptedModels(sequelize);
  if (!tables || tables.length === 0) return all;
  const known = new Set(all.map((s) => s.table));
  const unknown = tables.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new EncryptionUsageError(`no encrypted columns in table(s) ${unknown.join(', ')}; known: ${[...known].join(', ') || 'none'}`);
  }
  return all.filter((s) => tables.includes(s.table));
}

/** Quotes a table or column name for the dialect in use. */
export function quoter(sequelize: Sequelize): (identifier: string) => string {
  const qi = sequelize.getQueryInterface();
  return (identifier) => qi.quoteIdentifier(identifier, true);
}
