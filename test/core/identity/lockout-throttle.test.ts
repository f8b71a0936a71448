import { expect } from 'chai';
import supertest from 'supertest';
import { app, createMember, resetLoginThrottles, type TestMember } from './support/members';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { User } from '../../../core/identity/models/user.model';

async function attempt(username: string, password: string) {
  return supertest(await app()).post('/api/v1/auth/login').send({ username, password });
}

describe('identity: account lockout and login throttling', () => {
  let member: TestMember;

  beforeEach(async () => {
    await resetLoginThrottles();
    member = await createMember();
  });
  after(resetLoginThrottles);

  it('when 5 wrong passwords are given, then the account is locked for 15 minutes (429 with Retry-After and details.retryAfter), even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(member.username, 'wrong password here')).status).to.equal(401);
    const locked = await attempt(member.username, member.password);
    expect(locked.status).to.equal(429);
    expect(locked.body.code).to.equal('LB-AUTH-007');
    const retry = Number(locked.headers['retry-after']);
    expect(retry).to.be.within(890, 900);
    expect(locked.body.details.retryAfter).to.equal(retry);
    const row = await User.findByPk(member.user.id, { attributes: ['id', 'lockedUntil'], raw: true });
    expect(new Date(row!.lockedUntil!).getTime()).to.be.greaterThan(Date.now() + 14 * 60_000);
  });

  it('when the lock has expired, then the right password signs in and the failure count starts again', async () => {
    for (let i = 0; i < 5; i++) await attempt(member.username, 'wrong password here');
    await User.update({ lockedUntil: new Date(Date.now() - 1000) }, { where: { id: member.user.id } });
    const res = await attempt(member.username, member.password);
    expect(res.status).to.equal(200);
    const row = await User.findByPk(member.user.id, { attributes: ['id', 'failedLoginCount', 'lockedUntil'], raw: true });
    expect(row!.failedLoginCount).to.equal(0);
    expect(row!.lockedUntil).to.equal(null);
  });

  it('when an unknown username fails 5 times, then it "locks" exactly like a real account (no enumeration through lockout)', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('ghost-account', 'wrong password here')).status).to.equal(401);
    const res = await attempt('ghost-account', 'wrong password here');
    expect(res.status).to.equal(429);
    expect(res.body.code).to.equal('LB-AUTH-007');
  });

  describe('with tiny limits in a server process of its own', () => {
    let server: ServerProcess;

    before(async function () {
      this.timeout(60_000);
      server = await startServerProcess({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', LOGIN_IP_MAX_FAILURES: '4', LOGIN_IP_WINDOW_MINUTES: '1' });
    });
    after(async () => { await server?.stop(); await resetLoginThrottles(); });

    it('when one account is tried more than 3 times a minute, then 429 LB-RATE-001 with Retry-After and details.retryAfter', async () => {
      const target = await createMember();
      const codes: number[] = [];
      let last: supertest.Response | null = null;
      for (let i = 0; i < 4; i++) {
        last = await supertest(server.url).post('/api/v1/auth/login').send({ username: target.username, password: target.password });
        codes.push(last.status);
      }
      expect(codes).to.deep.equal([200, 200, 200, 429]);
      expect(last!.body).to.include({ code: 'LB-RATE-001' });
      expect(Number(last!.headers['retry-after'])).to.be.within(1, 60);
      expect(last!.body.details.retryAfter).to.equal(Number(last!.headers['retry-after']));
    });

    it('when one IP fails against many accounts (stuffing), then further attempts from it are refused with 429', async () => {
      await resetLoginThrottles();
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await supertest(server.url).post('/api/v1/auth/login').send({ username: `stuffed-${i}`, password: 'hunter2 hunter2' });
        codes.push(res.status);
      }
      expect(codes.slice(0, 4)).to.deep.equal([401, 401, 401, 401]);
      expect(codes[5]).to.equal(429);
      await resetLoginThrottles();
    });
  });
});
