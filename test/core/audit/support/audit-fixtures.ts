import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { AuditService } from '../../../../core/audit/audit.service';
import type { AuditEvent } from '../../../../core/audit/audit.types';
import type { AuditEntry } from '../../../../core/audit/audit-entry';
import { entrySelectList, rowToEntry } from '../../../../core/audit/entry-rows';
import type { Kernel } from '../../../../core/kernel/kernel';
import { testConfig } from '../../../support/kernel';

/** An AuditService on the test kernel's database and cache, with its own config (checkpoint count, sink). */
export function auditServiceWith(kernel: Kernel, env: Record<string, string | undefined> = {}): AuditService {
  return new AuditService(testConfig(env), kernel.db, kernel.cache, kernel.logger);
}

export function event(organizationId: string | null, n: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventType: 'test.event',
    eventCategory: 'test',
    organizationId,
    userId: crypto.randomUUID(),
    username: `user${n}`,
    sessionId: `session-${n}`,
    ipAddress: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (test)',
    requestId: `req-${n}`,
    resourceType: 'note',
    resourceId: String(n),
    eventData: { n, changed: ['title', 'body'] },
    ...extra,
  };
}

/** Appends `count` events to an organization's chain, `perTx` per transaction. */
export async function appendEvents(kernel: Kernel, audit: AuditService, organizationId: string | null, count: number, perTx = 1): Promise<void> {
  for (let done = 0; done < count;) {
    const n = Math.min(perTx, count - done);
    await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) audit.record(tx, event(organizationId, done + i));
    });
    done += n;
  }
}

export async function chainEntries(kernel: Kernel, chainId: string): Promise<AuditEntry[]> {
  const rows = await kernel.db.sequelize.query<Record<string, unknown>>(
    `SELECT ${entrySelectList(kernel.db.dialect)} FROM audit_logs WHERE chain_id = ? ORDER BY seq`,
    { replacements: [chainId], type: QueryTypes.SELECT },
  );
  return rows.map(rowToEntry);
}

export async function sql<T extends object = Record<string, unknown>>(kernel: Kernel, text: string, replacements: unknown[] = []): Promise<T[]> {
  return kernel.db.sequelize.query<T>(text, { replacements, type: QueryTypes.SELECT });
}

export async function exec(kernel: Kernel, text: string, replacements: unknown[] = []): Promise<void> {
  await kernel.db.sequelize.query(text, { replacements });
}

interface TriggerRow { TRIGGER_NAME: string; EVENT_MANIPULATION: string; EVENT_OBJECT_TABLE: string; ACTION_TIMING: string; ACTION_STATEMENT: string }

/**
 * Runs `work` with the append-only triggers dropped (tamper tests play an attacker with full DB
 * rights) and puts them back exactly as they were, whatever happens.
 */
export async function withoutAuditTriggers<T>(kernel: Kernel, work: () => Promise<T>): Promise<T> {
  const triggers = await sql<TriggerRow>(kernel,
    "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE IN ('audit_logs', 'audit_checkpoints')");
  for (const t of triggers) await exec(kernel, `DROP TRIGGER \`${t.TRIGGER_NAME}\``);
  try {
    return await work();
  } finally {
    for (const t of triggers) {
      await exec(kernel, `CREATE TRIGGER \`${t.TRIGGER_NAME}\` ${t.ACTION_TIMING} ${t.EVENT_MANIPULATION} ON \`${t.EVENT_OBJECT_TABLE}\` FOR EACH ROW ${t.ACTION_STATEMENT}`);
    }
  }
}
