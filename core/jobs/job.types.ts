import type { Container } from 'inversify';
import type { Logger } from '../logging/logger';

export interface JobContext {
  container: Container;
  logger: Logger;
  /** When the run was due (the scheduled instant), not when it started. */
  scheduledFor: Date;
  signal: AbortSignal;
}

export type JobSchedule =
  | { every: number /* seconds */ }
  | { dailyAt: string /* HH:MM, UTC */ };

/** Periodic work a module (or the core) registers; it runs on exactly one process at a time. */
export interface JobDefinition {
  /** `<module>.<what>`, e.g. `training.expiry-alerts`. */
  name: string;
  description: string;
  schedule: JobSchedule;
  /** Upper bound on one run; the cluster-wide lock is held this long at most. */
  timeoutSeconds?: number;
  run(context: JobContext): Promise<void | Record<string, unknown>>;
}
