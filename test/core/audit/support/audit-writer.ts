/**
 * A writer process for the concurrency tests: boots a kernel (no HTTP, no jobs, no migrations)
 * against the test database and appends audit events from several concurrent writers.
 *
 *   node -r ts-node/register audit-writer.ts '<json WriterPlan>'
 *
 * Prints one JSON line `{ "appended": n }` and exits 0; `hang: true` instead records a batch,
 * lets the audit flush take the chain lock, tells the parent (IPC "locked") and waits to be killed.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../../core/config';
import { createLogger } from '../../../../core/logging/logger';
import { Kernel } from '../../../../core/kernel/kernel';
import { AuditService } from '../../../../core/audit/audit.service';

export interface WriterPlan {
  organizationIds: string[];
  writers: number;
  /** Events per writer. */
  events: number;
  /** Events per transaction (spread over the organizations when more than one). */
  perTx: number;
  /** One-event transactions each writer appends after its batches. */
  thenSingles?: number;
  hang?: boolean;
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]) as WriterPlan;
  const config = loadConfig();
  const kernel = await new Kernel(config, createLogger(config)).boot({ migrate: false, jobs: false, http: false });
  const audit = kernel.container.get(AuditService);
  const orgs = plan.organizationIds;

  if (plan.hang) {
    await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < plan.perTx; i++) audit.record(tx, { eventType: 'test.hung', eventCategory: 'test', organizationId: orgs[i % orgs.length], eventData: { i } });
      kernel.db.beforeCommit(tx, async () => {
        process.send?.('locked');
        await new Promise(() => undefined); // holds the chain lock until SIGKILL
      });
    });
    return;
  }

  let appended = 0;
  await Promise.all(Array.from({ length: plan.writers }, async (_, writer) => {
    for (let done = 0; done < plan.events;) {
      const n = Math.min(plan.perTx, plan.events - done);
      await kernel.db.transaction(async (tx) => {
        for (let i = 0; i < n; i++) {
          audit.record(tx, {
            eventType: 'test.concurrent', eventCategory: 'test', organizationId: orgs[(writer + done + i) % orgs.length],
            userId: `p${process.pid}-w${writer}`, eventData: { writer, n: done + i },
          });
        }
      });
      done += n;
      appended += n;
    }
    for (let i = 0; i < (plan.thenSingles ?? 0); i++) {
      await kernel.db.transaction(async (tx) => {
        audit.record(tx, { eventType: 'test.single', eventCategory: 'test', organizationId: orgs[(writer + i) % orgs.length], userId: `p${process.pid}-w${writer}`, eventData: { writer, i } });
      });
      appended++;
    }
  }));
  await audit.drain();
  process.stdout.write(JSON.stringify({ appended }) + '\n');
  await kernel.close();
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`writer failed: ${err.message}\n`);
  process.exit(1);
});
