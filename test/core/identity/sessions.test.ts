import { expect } from 'chai';
import supertest from 'supertest';
import { app, asSpa, cookieHeader, createMember, jarFrom, loginAs, resetLoginThrottles, setCookies, type TestMember } from './support/members';
import { getTestKernel } from '../../support/kernel';
import { Session } from '../../../core/identity/models/session.model';
import { User } from '../../../core/identity/models/user.model';
import { SessionService } from '../../../core/identity/auth/session.service';
import { UserAuthStates } from '../../../core/identity/auth/user-auth-state';
import { AuditLog } from '../../../core/audit/models/audit-log.model';

async function me(jar: Record<string, string>) {
  return asSpa(supertest(await app()).get('/api/v1/auth/me'), jar);
}

async function refresh(jar: Record<string, string>) {
  return supertest(await app()).post('/api/v1/auth/refresh').set('Cookie', cookieHeader(jar)).set('X-CSRF-Token', jar.csrf_token ?? '');
}

/** Forget the cached copy so the next request reads the row (as after a Redis eviction). */
async function dropSessionCache(orgId: string, sid: string): Promise<void> {
  const kernel = await getTestKernel();
  await kernel.cache.forOrganization(orgId).del(`auth:sess:${sid}`);
}

describe('identity: sessions (rotation, replay, logout, expiry)', () => {
  let member: TestMember;

  before(async () => {
    member = await createMember();
  });
  beforeEach(resetLoginThrottles);

  it('when a member logs in, then a sessions row records hashes (never tokens), ip, user agent and the absolute expiry', async () => {
    const jar = await loginAs(member);
    const rows = await Session.findAll({ where: { userId: member.user.id }, order: [['createdAt', 'DESC']], raw: true });
    const row = rows[0];
    expect(row.accessTokenHash).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).to.not.include(jar.access_token.split('.')[2]);
    expect(row.ipAddress).to.be.a('string');
    const hours = (new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()) / 3_600_000;
    expect(hours).to.be.closeTo(12, 0.01);
  });

  it('when the refresh token is used, then both tokens rotate, the old access token stops working and the new one works', async () => {
    const jar = await loginAs(member);
    const res = await refresh(jar);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ token_type: 'bearer' });
    const next = jarFrom(res, jar);
    expect(next.access_token).to.not.equal(jar.access_token);
    expect(next.refresh_token).to.not.equal(jar.refresh_token);
    expect(Object.keys(setCookies(res))).to.have.members(['access_token', 'refresh_token', 'csrf_token']);
    expect((await me(next)).status).to.equal(200);
    const old = await me(jar);
    expect(old.status).to.equal(401);
    expect(old.body.code).to.equal('LB-AUTH-005');
  });

  it('when an already-rotated refresh token is replayed, then every session of the member is revoked and audited', async () => {
    const other = await loginAs(member); // a second, independent session
    const jar = await loginAs(member);
    const rotated = jarFrom(await refresh(jar), jar);
    const replay = await refresh(jar);
    expect(replay.status).to.equal(401);
    expect(replay.body.code).to.equal('LB-AUTH-015');
    expect((await me(rotated)).status).to.equal(401);
    expect((await me(other)).status).to.equal(401);
    expect(await Session.count({ where: { userId: member.user.id, revokedAt: null } })).to.equal(0);
    const events = await AuditLog.findAll({ where: { eventType: 'auth.refresh-replay', userId: member.user.id } as never, raw: true }).catch(() => []);
    expect(events.length).to.be.greaterThan(0);
  });

  it('when a member logs out, then the access token is dead at once, the cookies are cleared and refresh fails', async () => {
    const jar = await loginAs(member);
    const out = await asSpa(supertest(await app()).post('/api/v1/auth/logout'), jar);
    expect(out.status).to.equal(200);
    expect(out.body).to.deep.equal({ message: 'Logged out' });
    const cleared = setCookies(out);
    expect(Object.keys(cleared)).to.have.members(['access_token', 'refresh_token', 'csrf_token']);
    for (const line of Object.values(cleared)) expect(line).to.match(/Expires=Thu, 01 Jan 1970/);
    expect((await supertest(await app()).get('/api/v1/auth/me').set('Authorization', `Bearer ${jar.access_token}`)).status).to.equal(401);
    expect((await refresh(jar)).status).to.equal(401);
  });

  it('when the session has been idle longer than the idle limit, then the next request is 401 and the row says idle', async () => {
    const jar = await loginAs(member);
    const row = (await Session.findAll({ where: { userId: member.user.id, revokedAt: null }, order: [['createdAt', 'DESC']], limit: 1 }))[0];
    await Session.update({ lastActivityAt: new Date(Date.now() - 16 * 60_000) }, { where: { id: row.id } });
    await dropSessionCache(member.org.id, row.id);
    const res = await me(jar);
    expect(res.status).to.equal(401);
    expect((await Session.findByPk(row.id))!.revokedReason).to.equal('idle');
  });

  it('when the absolute lifetime has passed, then the next request is 401 even though the member was active', async () => {
    const jar = await loginAs(member);
    const row = (await Session.findAll({ where: { userId: member.user.id, revokedAt: null }, order: [['createdAt', 'DESC']], limit: 1 }))[0];
    await Session.update({ expiresAt: new Date(Date.now() - 1000), lastActivityAt: new Date() }, { where: { id: row.id } });
    await dropSessionCache(member.org.id, row.id);
    expect((await me(jar)).status).to.equal(401);
    expect((await Session.findByPk(row.id))!.revokedReason).to.equal('expired');
  });

  it('when a session is active, then last activity is written at most once per touch interval', async () => {
    const kernel = await getTestKernel();
    const interval = kernel.container.get(SessionService).touchIntervalMs;
    expect(interval).to.equal(60_000);
    const jar = await loginAs(member);
    const row = (await Session.findAll({ where: { userId: member.user.id, revokedAt: null }, order: [['createdAt', 'DESC']], limit: 1 }))[0];
    const before = new Date(row.lastActivityAt).getTime();
    for (let i = 0; i < 5; i++) expect((await me(jar)).status).to.equal(200);
    expect(new Date((await Session.findByPk(row.id))!.lastActivityAt).getTime()).to.equal(before);
  });

  it('when the member is deactivated, then their next request is 401 and the session ends', async () => {
    const victim = await createMember();
    const jar = await loginAs(victim);
    await User.update({ status: 'inactive' }, { where: { id: victim.user.id } });
    await (await getTestKernel()).container.get(UserAuthStates).refresh(victim.user.id, victim.org.id);
    expect((await me(jar)).status).to.equal(401);
    expect(await Session.count({ where: { userId: victim.user.id, revokedAt: null } })).to.equal(0);
  });

  it('when an admin revokes every session of a member, then every token of theirs is refused on the next request', async () => {
    const victim = await createMember();
    const a = await loginAs(victim);
    const b = await loginAs(victim);
    const kernel = await getTestKernel();
    const sessions = kernel.container.get(SessionService);
    const ids = await kernel.db.transaction((tx) => sessions.revokeAllRows(tx, victim.user.id, 'admin'));
    await sessions.forget(victim.org.id, victim.user.id, ids);
    expect(ids).to.have.length(2);
    expect((await me(a)).status).to.equal(401);
    expect((await me(b)).status).to.equal(401);
  });
});
