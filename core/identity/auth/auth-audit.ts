import type { AuditEvent, AuditOutcome, AuditSeverity } from '../../audit/audit.types';
import type { RequestMeta } from './request-meta';

export interface AuthAuditFields {
  organizationId: string | null;
  userId?: string | null;
  username?: string | null;
  sessionId?: string | null;
  severity?: AuditSeverity;
  outcome?: AuditOutcome;
  resourceType?: string;
  resourceId?: string;
  /** Never passwords, tokens, codes or personal values: counts, reasons and names of things only. */
  eventData?: Record<string, unknown>;
}

/** An `auth`-category audit event with the request's origin filled in. */
export function auditEvent(eventType: string, meta: RequestMeta, fields: AuthAuditFields): AuditEvent {
  return {
    eventType,
    eventCategory: 'auth',
    severity: fields.severity ?? 'info',
    outcome: fields.outcome ?? 'success',
    organizationId: fields.organizationId,
    userId: fields.userId ?? null,
    username: fields.username ?? null,
    sessionId: fields.sessionId ?? null,
    ipAddress: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
    resourceType: fields.resourceType ?? null,
    resourceId: fields.resourceId ?? null,
    eventData: fields.eventData ?? {},
  };
}
