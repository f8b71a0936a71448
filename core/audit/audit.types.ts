import type { ServiceIdentifier } from 'inversify';
import type { Transaction } from 'sequelize';

export type AuditSeverity = 'info' | 'warning' | 'critical';
export type AuditOutcome = 'success' | 'failure';

/**
 * One event for the tamper-evident audit log. `event_data` holds no secrets and no values of
 * encrypted fields: for changes, the names of the changed fields only.
 */
export interface AuditEvent {
  /** kebab-case or dotted id, e.g. `module.enabled`, `auth.login-failed`. */
  eventType: string;
  /** e.g. `auth`, `security`, `modules`, `training`. */
  eventCategory: string;
  severity?: AuditSeverity;
  outcome?: AuditOutcome;
  /** null: an installation-level event (its own chain). */
  organizationId: string | null;
  userId?: string | null;
  username?: string | null;
  /** The raw session id; the audit service stores only its hash. */
  sessionId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  eventData?: Record<string, unknown>;
}

/** What modules and core services use to audit; the implementation lives in core/audit. */
export interface AuditRecorder {
  /** Queues the event in the caller's transaction; it is appended (as a batch with the others) right before COMMIT. */
  record(tx: Transaction, event: AuditEvent): void;
  /** For events with no business transaction (a failed login): its own transaction, appended now. */
  recordStandalone(event: AuditEvent): Promise<void>;
}

export const AUDIT_RECORDER = Symbol.for('logbook.AuditRecorder') as ServiceIdentifier<AuditRecorder>;
