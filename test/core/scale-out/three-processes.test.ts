import { expect } from 'chai';
import supertest from 'supertest';
import { QueryTypes } from 'sequelize';
import { getTestKernel } from '../../support/kernel';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { asSpa, createMember, createSeededOrganization, jarFrom, resetLoginThrottles, type CookieJar, type TestMember } from '../identity/support/members';
import { AuditService } from '../../../core/audit/audit.service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function loginOn(server: ServerProcess, member: TestMember): Promise<CookieJar> {
  const res = await supertest(server.url).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
  if (res.status !== 200) throw new Error(`login on ${server.url}: ${res.status} ${JSON.stringify(res.body)}`);
  return jarFrom(res);
}

async function me(server: ServerProcess, jar: CookieJar): Promise<number> {
  return (await asSpa(supertest(server.url).get('/api/v1/auth/me'), jar)).status;
}

/** Polls until `server` answers `expected` on a path of the fixture module; returns how long it took. */
async function msUntil(server: ServerProcess, jar: CookieJar, expected: number, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await asSpa(supertest(server.url).get('/api/v1/fixture/notes'), jar)).status === expected) return Date.now() - started;
    await sleep(20);
  }
  throw new Error(`${server.url} still not ${expected} after ${limitMs} ms`);
}

describe('scale-out: three server processes over one MariaDB + Redis behave as one server', function () {
  this.timeout(180_000);
  let servers: ServerProcess[];

  before(async () => {
    await getTestKernel();
    await resetLoginThrottles();
    servers = await Promise.all([0, 1, 2].map(() => startServerProcess({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' }, 90_000)));
  });
  after(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await resetLoginThrottles();
  });

  it('when a member signs in on one process, then the session works on all, and a logout on another is seen by all on the next request', async () => {
    const [a, b, c] = servers;
    const member = await createMember();
    const jar = await loginOn(a, member);
    expect([await me(a, jar), await me(b, jar), await me(c, jar)]).to.deep.equal([200, 200, 200]);
    expect((await asSpa(supertest(b.url).post('/api/v1/auth/logout'), jar)).status).to.equal(200);
    expect([await me(a, jar), await me(c, jar), await me(b, jar)]).to.deep.equal([401, 401, 401]);
  });

  it('when an admin turns a module off through one process, then every process gates it within 1 s, and back on as fast', async () => {
    const [a, b, c] = servers;
    const admin = await createMember({ positions: ['it_manager'] });
    const jar = await loginOn(a, admin);
    for (const s of servers) expect(await msUntil(s, jar, 200, 1000)).to.be.below(1000);
    const off = await asSpa(supertest(a.url).patch('/api/v1/organization/modules'), jar).send({ fixture: false });
    expect(off.status).to.equal(200);
    const waits = await Promise.all([b, c, a].map((s) => msUntil(s, jar, 404, 1000)));
    for (const ms of waits) expect(ms).to.be.below(1000);
    expect((await asSpa(supertest(c.url).patch('/api/v1/organization/modules'), jar).send({ fixture: true })).status).to.equal(200);
    const back = await Promise.all([a, b].map((s) => msUntil(s, jar, 200, 1000)));
    for (const ms of back) expect(ms).to.be.below(1000);
  });

  it('when one account is tried on each process in turn, then the login rate limit counts across all of them', async () => {
    await resetLoginThrottles();
    const member = await createMember();
    const statuses: number[] = [];
    for (const s of [...servers, servers[0]]) {
      statuses.push((await supertest(s.url).post('/api/v1/auth/login').send({ username: member.username, password: member.password })).status);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
  });

  it('when all three write audited changes at once, then the organization\'s audit chain stays gapless and verifies', async () => {
    await resetLoginThrottles();
    const org = await createSeededOrganization('Three Process Dept');
    const admin = await createMember({ org, positions: ['it_manager'] });
    const jars: CookieJar[] = [];
    for (const s of servers) jars.push(await loginOn(s, admin));
    const writes = servers.flatMap((s, i) => Array.from({ length: 12 }, (_, n) =>
      asSpa(supertest(s.url).patch('/api/v1/organization/profile'), jars[i]).send({ county: `County ${i}-${n}` }).then((r) => r.status)));
    const statuses = await Promise.all(writes);
    expect(statuses.every((st) => st === 200), `statuses ${statuses.join(',')}`).to.equal(true);

    const kernel = await getTestKernel();
    const [row] = await kernel.db.sequelize.query<{ n: number; lo: number; hi: number }>(
      'SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM audit_logs WHERE chain_id = ?', { replacements: [org.id], type: QueryTypes.SELECT });
    expect(Number(row.lo)).to.equal(1);
    expect(Number(row.hi)).to.equal(Number(row.n));
    const [updates] = await kernel.db.sequelize.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_logs WHERE chain_id = ? AND event_type LIKE 'organization.%'", { replacements: [org.id], type: QueryTypes.SELECT });
    expect(Number(updates.n)).to.be.at.least(36);
    const report = await kernel.container.get(AuditService).verify({ chainIds: [org.id] });
    expect(report.intact, JSON.stringify(report.problems.slice(0, 3))).to.equal(true);
  });
});
