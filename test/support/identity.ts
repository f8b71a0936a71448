import supertest from 'supertest';
import { AuditLog } from '../../core/audit/models/audit-log.model';
import { app, asSpa, createMember, createSeededOrganization, loginAs, resetLoginThrottles, type CookieJar, type MemberOptions, type TestMember } from '../core/identity/support/members';

export { createMember, createSeededOrganization, type TestMember };

/** A signed-in member and a way to call the API as the SPA would (cookies + CSRF header). */
export interface SignedIn extends TestMember {
  jar: CookieJar;
  get(path: string): supertest.Test;
  post(path: string, body?: object): supertest.Test;
  patch(path: string, body?: object): supertest.Test;
  put(path: string, body?: object): supertest.Test;
  del(path: string): supertest.Test;
}

/** Creates a member holding `positions` (system slugs) and signs them in. */
export async function signedIn(positions: string[], options: Omit<MemberOptions, 'positions'> = {}): Promise<SignedIn> {
  await resetLoginThrottles();
  const member = await createMember({ ...options, positions });
  const jar = await loginAs(member);
  const agent = supertest(await app());
  const url = (p: string) => `/api/v1${p}`;
  return {
    ...member, jar,
    get: (p) => asSpa(agent.get(url(p)), jar),
    post: (p, body) => asSpa(agent.post(url(p)), jar).send(body ?? {}),
    patch: (p, body) => asSpa(agent.patch(url(p)), jar).send(body ?? {}),
    put: (p, body) => asSpa(agent.put(url(p)), jar).send(body ?? {}),
    del: (p) => asSpa(agent.delete(url(p)), jar),
  };
}

/** The audit entries of an organization of a given type, newest first. */
export async function auditEntries(organizationId: string, eventType: string): Promise<AuditLog[]> {
  return AuditLog.findAll({ where: { organizationId, eventType }, order: [['id', 'DESC']] });
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
