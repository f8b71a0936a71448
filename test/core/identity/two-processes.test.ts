import { expect } from 'chai';
import supertest from 'supertest';
import { app, asSpa, createMember, loginAs, resetLoginThrottles } from './support/members';
import { startServerProcess, type ServerProcess } from '../../support/processes';

describe('identity: a logout is seen by every server process on the next request', () => {
  let server: ServerProcess;

  before(async function () {
    this.timeout(60_000);
    await resetLoginThrottles();
    server = await startServerProcess();
  });
  after(async () => { await server?.stop(); });

  it('when a member logs out on this process, then the other process refuses the same token at once', async () => {
    const member = await createMember();
    const jar = await loginAs(member);
    const bearer = `Bearer ${jar.access_token}`;
    expect((await supertest(server.url).get('/api/v1/auth/me').set('Authorization', bearer)).status).to.equal(200);
    expect((await asSpa(supertest(await app()).post('/api/v1/auth/logout'), jar)).status).to.equal(200);
    const after = await supertest(server.url).get('/api/v1/auth/me').set('Authorization', bearer);
    expect(after.status).to.equal(401);
    expect(after.body.code).to.equal('LB-AUTH-005');
  });

  it('when a password is changed on the other process, then this process refuses the member\'s other sessions', async () => {
    const member = await createMember();
    const a = await loginAs(member);
    const b = await loginAs(member);
    const res = await supertest(server.url).post('/api/v1/auth/change-password').set('Authorization', `Bearer ${b.access_token}`).send({ current_password: member.password, new_password: 'violet harbor thunder 88' });
    expect(res.status).to.equal(200);
    expect((await asSpa(supertest(await app()).get('/api/v1/auth/me'), a)).status).to.equal(401);
    expect((await supertest(await app()).get('/api/v1/auth/me').set('Authorization', `Bearer ${b.access_token}`)).status).to.equal(200);
  });
});
