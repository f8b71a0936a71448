import type { ModelStatic, Model } from 'sequelize';
import type { AuditRecorder } from '../audit/audit.types';
import type { Database } from '../database/database';
import type { BatchInserter } from './seed.types';

/** Rows per INSERT statement and per transaction: large enough to amortize the round trip and commit, small enough for max_allowed_packet. */
export const BATCH_ROWS = 1000;

export interface BatchStats {
  batches: number;
  rows: Map<string, number>;
}

function modelOf(db: Database, table: string): ModelStatic<Model> {
  const model = Object.values(db.sequelize.models).find((m) => m.getTableName() === table);
  if (!model) throw new Error(`no model maps the table ${table}`);
  return model;
}

/**
 * A BatchInserter for the scale seed: each batch is one multi-row INSERT through the table's model
 * (`bulkCreate`, so `@Encrypted` columns are encrypted as in any write), in its own transaction,
 * with one `seed.batch` audit event naming the table and the row count (appended before COMMIT).
 */
export function batchInserter(db: Database, audit: AuditRecorder, organizationId: string, stats: BatchStats, batchRows = BATCH_ROWS): BatchInserter {
  return async (table, rows) => {
    const model = modelOf(db, table);
    for (let from = 0; from < rows.length; from += batchRows) {
      const chunk = rows.slice(from, from + batchRows);
      stats.batches++;
      const batch = stats.batches;
      await db.transaction(async (tx) => {
        await model.bulkCreate(chunk as Array<Record<string, unknown>>, { transaction: tx, validate: false, hooks: true });
        audit.record(tx, {
          eventType: 'seed.batch', eventCategory: 'system', severity: 'info', organizationId, username: 'cli',
          resourceType: table, resourceId: null, eventData: { table, rows: chunk.length, batch, via: 'seed --scale' },
        });
      });
      stats.rows.set(table, (stats.rows.get(table) ?? 0) + chunk.length);
    }
  };
}
