import type { Request, Response } from 'express';
import type { Config } from '../../config';
import type { AuthContext } from '../../security/auth-context';
import { setAuthCookies, cookiesSecure } from '../../security/cookies';
import type { IssuedSession } from '../auth/session.service';
import type { Caller } from '../auth/mfa.service';

/** The caller tsoa's @Security hook put on the request. */
export function authOf(req: Request): AuthContext {
  return (req as Request & { user: AuthContext }).user;
}

export function callerOf(req: Request): Caller {
  const auth = authOf(req);
  return { userId: auth.userId, organizationId: auth.organizationId, username: auth.username, sessionId: auth.sessionId };
}

export function responseOf(req: Request): Response {
  // tsoa hands controllers the express request; express links it to its response.
  return req.res as Response;
}

/** Sets the session cookies for a new or rotated session; returns expires_in (seconds). */
export function writeSessionCookies(req: Request, config: Config, issued: IssuedSession): number {
  const now = Date.now();
  setAuthCookies(responseOf(req), cookiesSecure(config), {
    accessToken: issued.accessToken,
    accessMaxAgeMs: Math.max(0, issued.accessExpiresAt.getTime() - now),
    refreshToken: issued.refreshToken,
    refreshMaxAgeMs: Math.max(0, issued.refreshExpiresAt.getTime() - now),
    csrfToken: issued.csrfToken,
  });
  return Math.max(0, Math.floor((issued.accessExpiresAt.getTime() - now) / 1000));
}
