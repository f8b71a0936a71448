import type { Migration } from '../core/database/migration.types';

// MySQL/MariaDB only: the audit tables are append-only even for a connection that has UPDATE or
// DELETE rights (defence in depth beside the least-privilege grants in docs/audit-log.md).
// SQLite has no SIGNAL; there the verifier is the only line of defence.
const GUARDED = [
  { table: 'audit_logs', event: 'UPDATE' },
  { table: 'audit_logs', event: 'DELETE' },
  { table: 'audit_checkpoints', event: 'UPDATE' },
  { table: 'audit_checkpoints', event: 'DELETE' },
] as const;

const triggerName = (table: string, event: string): string => `${table}_no_${event.toLowerCase()}`;

export const up: Migration = async ({ context: { sequelize, dialect } }) => {
  if (dialect !== 'mysql') return;
  for (const { table, event } of GUARDED) {
    // A single-statement body needs no DELIMITER juggling.
    await sequelize.query(
      `CREATE TRIGGER \`${triggerName(table, event)}\` BEFORE ${event} ON \`${table}\` FOR EACH ROW `
      + `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${table} is append-only'`,
    );
  }
};

export const down: Migration = async ({ context: { sequelize, dialect } }) => {
  if (dialect !== 'mysql') return;
  for (const { table, event } of GUARDED) await sequelize.query(`DROP TRIGGER IF EXISTS \`${triggerName(table, event)}\``);
};
