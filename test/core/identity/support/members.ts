import crypto from 'node:crypto';
import supertest from 'supertest';
import type { Express } from 'express';
import { getTestKernel } from '../../../support/kernel';
import { Organization } from '../../../../core/identity/models/organization.model';
import { User, type UserStatus } from '../../../../core/identity/models/user.model';
import { Position } from '../../../../core/identity/models/position.model';
import { UserPosition } from '../../../../core/identity/models/user-position.model';
import { PasswordHistory } from '../../../../core/identity/models/credential.models';
import { seedSystemPositions } from '../../../../core/identity/permissions/seed-system-positions';
import { PasswordHasher } from '../../../../core/security/passwords/password-hasher';

export const DEFAULT_PASSWORD = 'lantern orbit meadow 42';

export interface TestMember {
  org: Organization;
  user: User;
  username: string;
  email: string;
  password: string;
}

export interface MemberOptions {
  org?: Organization;
  username?: string;
  password?: string;
  /** Slugs of system positions to hold (default: member). */
  positions?: string[];
  status?: UserStatus;
  mustChangePassword?: boolean;
}

/** An organization with its system positions seeded. */
export async function createSeededOrganization(name = 'Maple Ridge Fire Department'): Promise<Organization> {
  const kernel = await getTestKernel();
  const id = crypto.randomUUID();
  return kernel.db.transaction(async (tx) => {
    const org = await Organization.create({ id, name, slug: `org-${id.slice(0, 8)}`, timezone: 'America/Chicago', active: true }, { transaction: tx });
    await seedSystemPositions(tx, org.id);
    return org;
  });
}

/** A member with a password (argon2id, as the service stores it) and positions. */
export async function createMember(options: MemberOptions = {}): Promise<TestMember> {
  const kernel = await getTestKernel();
  const org = options.org ?? await createSeededOrganization();
  const username = options.username ?? `m${crypto.randomBytes(5).toString('hex')}`;
  const email = `${username}@example.org`;
  const password = options.password ?? DEFAULT_PASSWORD;
  const hash = await kernel.container.get(PasswordHasher).hash(password);
  const user = await User.create({
    organizationId: org.id, username, email, firstName: 'Pat', lastName: 'Rivera', passwordHash: hash,
    passwordChangedAt: new Date(), status: options.status ?? 'active', mustChangePassword: options.mustChangePassword ?? false,
    phone: '555-0100', dateOfBirth: '1980-04-02',
  });
  await PasswordHistory.create({ userId: user.id, passwordHash: hash });
  const slugs = options.positions ?? ['member'];
  const positions = await Position.findAll({ where: { organizationId: org.id, slug: slugs } });
  for (const p of positions) await UserPosition.create({ userId: user.id, positionId: p.id });
  return { org, user, username, email, password };
}

export async function app(): Promise<Express> {
  return (await getTestKernel()).app as Express;
}

export type CookieJar = Record<string, string>;

/** name -> raw Set-Cookie line of a response. */
export function setCookies(res: supertest.Response): Record<string, string> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const out: Record<string, string> = {};
  for (const line of raw ?? []) out[line.slice(0, line.indexOf('='))] = line;
  return out;
}

/** name -> value of the cookies a response set (cleared ones excluded). */
export function jarFrom(res: supertest.Response, base: CookieJar = {}): CookieJar {
  const jar = { ...base };
  for (const [name, line] of Object.entries(setCookies(res))) {
    const value = decodeURIComponent(line.slice(name.length + 1, line.indexOf(';')));
    if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(line)) delete jar[name];
    else jar[name] = value;
  }
  return jar;
}

export function cookieHeader(jar: CookieJar, names: string[] = Object.keys(jar)): string {
  return names.filter((n) => jar[n] !== undefined).map((n) => `${n}=${encodeURIComponent(jar[n])}`).join('; ');
}

/** Signs in and returns the cookies. */
export async function loginAs(member: Pick<TestMember, 'username' | 'password'>): Promise<CookieJar> {
  const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return jarFrom(res);
}

/** An authenticated request as the SPA makes it: cookies plus the CSRF header on unsafe methods. */
export function asSpa(req: supertest.Test, jar: CookieJar): supertest.Test {
  req.set('Cookie', cookieHeader(jar));
  if (jar.csrf_token) req.set('X-CSRF-Token', jar.csrf_token);
  return req;
}

/** Clears the login throttles of this run (all tests sign in from 127.0.0.1). */
export async function resetLoginThrottles(): Promise<void> {
  const kernel = await getTestKernel();
  for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
    await kernel.cache.del(`login:ipblock:${ip}`);
    await kernel.cache.del(`rl:login:ipfail:${ip}`);
  }
}
