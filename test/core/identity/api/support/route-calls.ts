import type supertest from 'supertest';
import type { SignedIn } from '../../../../support/identity';

/** A route as the OpenAPI document names it: lower-case method, path with `{id}` / `{userId}`. */
export interface RouteRef { method: string; path: string }
export interface RouteIds { user: string; role: string }

/** Smallest valid body per route, so validation passes and authorization is what answers. */
const MINIMAL_BODIES: Record<string, object> = {
  'post /users': { username: 'matrix.user', email: 'matrix.user@example.org', first_name: 'M', last_name: 'X' },
  'patch /users/{id}/profile': { rank: 'Lieutenant' },
  'patch /users/{id}/contact-info': { phone: '555-0123' },
  'put /users/{id}/roles': { role_ids: [] },
  'post /roles': { name: 'Matrix', permissions: [] },
  'patch /roles/{id}': { name: 'Matrix' },
  'patch /organization/settings': { it_team: { note: 'x' } },
  'patch /organization/settings/contact-info': { enabled: true },
  'patch /organization/profile': { county: 'Matrix' },
  'patch /organization/modules': { storefront: true },
  'put /auth/mfa/policy': { mfa_required: false },
};

/**
 * Calls `r` as `who` (cookies + CSRF, as the SPA does), with `ids` in the path (role ids on
 * /roles routes, member ids elsewhere) and the minimal body, or the caller's own for some routes.
 */
export function callRoute(who: SignedIn, r: RouteRef, ids: RouteIds, bodies: Record<string, object> = {}): supertest.Test {
  const path = r.path.replace('{id}', r.path.startsWith('/roles') ? ids.role : ids.user).replace('{userId}', ids.user);
  const key = `${r.method} ${r.path}`;
  const body = bodies[key] ?? MINIMAL_BODIES[key] ?? {};
  switch (r.method) {
    case 'get': return who.get(path);
    case 'delete': return who.del(path);
    case 'post': return who.post(path, body);
    case 'put': return who.put(path, body);
    default: return who.patch(path, body);
  }
}
