import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../http/errors';
import { iocContainer } from '../kernel/ioc';
import { AUDIT_RECORDER } from '../audit/audit.types';
import { hasPermission, type AuthContext } from './auth-context';
import { getRequestAuth } from './request-auth';

/**
 * tsoa's authentication hook (`@Security('session', ['perm.a', ...])`): every listed scope is a
 * permission the caller must hold. What tsoa receives is put on `req.user` for the controller.
 */
export async function expressAuthentication(req: Request, securityName: string, scopes: string[] = []): Promise<AuthContext> {
  if (securityName !== 'session' && securityName !== 'bearer') throw new UnauthorizedError();
  const auth = await getRequestAuth(req);
  if (!auth) throw new UnauthorizedError();
  const missing = scopes.filter((scope) => !hasPermission(auth.permissions, scope));
  if (missing.length > 0) {
    await auditDenial(req, auth, missing);
    throw new ForbiddenError();
  }
  return auth;
}

/** Every authorization failure is an audit event (ASVS 16.3.2), with what was asked and where, never data. */
async function auditDenial(req: Request, auth: AuthContext, missing: string[]): Promise<void> {
  if (!iocContainer.isBound(AUDIT_RECORDER)) return;
  await iocContainer.get(AUDIT_RECORDER).recordStandalone({
    eventType: 'auth.permission-denied',
    eventCategory: 'auth',
    severity: 'warning',
    outcome: 'failure',
    // The fixture's header credentials have no real member id: such denials go to the installation chain.
    organizationId: /^[0-9a-f-]{36}$/i.test(auth.organizationId) ? auth.organizationId : null,
    userId: auth.userId,
    username: auth.username,
    sessionId: auth.sessionId,
    ipAddress: req.ip ?? null,
    userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
    requestId: req.id ?? null,
    eventData: { method: req.method, path: req.baseUrl + req.path, required: missing },
  });
}
