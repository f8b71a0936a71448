import type { Request } from 'express';
import { iocContainer } from '../kernel/ioc';
import { AUTH_RESOLVER, type AuthContext } from './auth-context';

const RESOLVED = Symbol('logbook.auth');

type WithAuth = Request & { [RESOLVED]?: Promise<AuthContext | null> };

/**
 * Resolves the caller once per request and remembers the answer, so the module gate (which runs
 * before tsoa's route) and the `@Security` hook (which runs inside it) share one session lookup.
 */
export function getRequestAuth(req: Request): Promise<AuthContext | null> {
  const r = req as WithAuth;
  if (!r[RESOLVED]) r[RESOLVED] = iocContainer.get(AUTH_RESOLVER).resolve(req);
  return r[RESOLVED];
}
