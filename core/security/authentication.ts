import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../http/errors';
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
  for (const scope of scopes) {
    if (!hasPermission(auth.permissions, scope)) throw new ForbiddenError();
  }
  return auth;
}
