import type { JobDefinition } from '../jobs/job.types';
import { AuditService } from './audit.service';

/**
 * `audit.checkpoint`: every AUDIT_CHECKPOINT_SECONDS, signs a checkpoint for each chain with
 * entries past its newest one, so a quiet chain is never left unsigned for long (the count
 * trigger after appends covers busy ones).
 */
export function auditCheckpointJob(everySeconds: number): JobDefinition {
  return {
    name: 'audit.checkpoint',
    description: 'sign a checkpoint of every audit chain with new entries',
    schedule: { every: everySeconds },
    timeoutSeconds: Math.max(60, everySeconds * 5),
    async run({ container }) {
      const created = await container.get(AuditService).checkpointAll();
      return { checkpoints: created.length, chains: new Set(created.map((c) => c.chain_id)).size };
    },
  };
}
