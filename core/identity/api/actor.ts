import type { Request } from 'express';
import { iocContainer } from '../../kernel/ioc';
import { AUDIT_RECORDER, type AuditEvent, type AuditSeverity } from '../../audit/audit.types';
import { ForbiddenError } from '../../http/errors';
import { hasPermission, type AuthContext } from '../../security/auth-context';
import { authOf } from '../controllers/request-context';
import { requestMeta, type RequestMeta } from '../auth/request-meta';

/** Who acts and from where: what every admin service needs to scope, authorize and audit a change. */
export interface Actor {
  auth: AuthContext;
  meta: RequestMeta;
}

export function actorOf(req: Request): Actor {
  return { auth: authOf(req), meta: requestMeta(req) };
}

export interface ChangeFields {
  eventType: string;
  eventCategory: string;
  resourceType: string;
  resourceId: string | null;
  severity?: AuditSeverity;
  /** Field names and counts only, never the values of personal fields. */
  eventData?: Record<string, unknown>;
}

/** An audit event for a change made by `actor` in their organization. */
export function changeEvent(actor: Actor, fields: ChangeFields): AuditEvent {
  return {
    eventType: fields.eventType,
    eventCategory: fields.eventCategory,
    severity: fields.severity ?? 'info',
    outcome: 'success',
    organizationId: actor.auth.organizationId,
    userId: actor.auth.userId,
    username: actor.auth.username,
    sessionId: actor.auth.sessionId,
    ipAddress: actor.meta.ip,
    userAgent: actor.meta.userAgent,
    requestId: actor.meta.requestId,
    resourceType: fields.resourceType,
    resourceId: fields.resourceId,
    eventData: fields.eventData ?? {},
  };
}

/**
 * For routes that accept any one of several permissions (tsoa's scopes require all of them):
 * refuses with the same 403 as the `@Security` hook and audits the denial the same way (ASVS 16.3.2).
 */
export async function requireAnyPermission(actor: Actor, req: Request, permissions: readonly string[]): Promise<void> {
  if (permissions.some((p) => hasPermission(actor.auth.permissions, p))) return;
  await iocContainer.get(AUDIT_RECORDER).recordStandalone({
    ...changeEvent(actor, { eventType: 'auth.permission-denied', eventCategory: 'auth', resourceType: 'route', resourceId: null, severity: 'warning' }),
    outcome: 'failure',
    eventData: { method: req.method, path: req.baseUrl + req.path, required_any: [...permissions] },
  });
  throw new ForbiddenError();
}

/** The names of the keys a partial body sets (what `event_data.changed` records). */
export function changedFields(body: object): string[] {
  return Object.entries(body).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
}
