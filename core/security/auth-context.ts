import type { Request } from 'express';
import type { ServiceIdentifier } from 'inversify';

/** Who is calling, as established from a verified session (or Bearer token). */
export interface AuthContext {
  userId: string;
  organizationId: string;
  username: string;
  permissions: ReadonlySet<string>;
  /** Database id of the session; null for credentials without one. */
  sessionId: string | null;
}

/**
 * Turns a request's credentials into an AuthContext. Returns null when the request carries no
 * credentials at all, and throws UnauthorizedError when it carries bad ones. The identity module
 * binds the real implementation; until then no request is authenticated.
 */
export interface AuthResolver {
  resolve(req: Request): Promise<AuthContext | null>;
}

export const AUTH_RESOLVER = Symbol.for('logbook.AuthResolver') as ServiceIdentifier<AuthResolver>;

export class NoAuthResolver implements AuthResolver {
  async resolve(): Promise<AuthContext | null> { return null; }
}

/** `*` grants everything; `mod.*` grants every permission of a module; otherwise exact match (as the SPA checks). */
export function hasPermission(granted: ReadonlySet<string>, required: string): boolean {
  if (granted.has('*') || granted.has(required)) return true;
  const dot = required.indexOf('.');
  return dot > 0 && granted.has(`${required.slice(0, dot)}.*`);
}
