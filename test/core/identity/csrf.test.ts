import { expect } from 'chai';
import supertest from 'supertest';
import { app, cookieHeader, createMember, loginAs, resetLoginThrottles, type CookieJar, type TestMember } from './support/members';

describe('identity: double-submit CSRF on unsafe methods', () => {
  let member: TestMember;
  let jar: CookieJar;
  const body = { current_password: 'x', new_password: 'y' };

  before(async () => {
    await resetLoginThrottles();
    member = await createMember();
    jar = await loginAs(member);
  });

  it('when the header equals the csrf cookie, then the request reaches the route', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/change-password').set('Cookie', cookieHeader(jar)).set('X-CSRF-Token', jar.csrf_token).send(body);
    expect(res.status).to.equal(400); // past CSRF: the route answers "current password incorrect"
    expect(res.body.code).to.equal('LB-AUTH-010');
  });

  it('when the header is missing or differs, then 403 "Invalid CSRF token" LB-AUTH-009', async () => {
    for (const header of [undefined, 'forged-value']) {
      const req = supertest(await app()).post('/api/v1/auth/change-password').set('Cookie', cookieHeader(jar));
      if (header) req.set('X-CSRF-Token', header);
      const res = await req.send(body);
      expect(res.status).to.equal(403);
      expect(res.body).to.include({ detail: 'Invalid CSRF token', code: 'LB-AUTH-009' });
    }
  });

  it('when an access cookie comes without a csrf cookie, then 403 LB-AUTH-008', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/change-password').set('Cookie', cookieHeader(jar, ['access_token'])).send(body);
    expect(res.status).to.equal(403);
    expect(res.body.code).to.equal('LB-AUTH-008');
  });

  it('when there are no cookies at all (Bearer script), then the request is allowed', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/change-password').set('Authorization', `Bearer ${jar.access_token}`).send(body);
    expect(res.status).to.equal(400);
  });

  it('when the method is safe, or the path is under /onboarding/, then no CSRF check applies', async () => {
    const get = await supertest(await app()).get('/api/v1/auth/me').set('Cookie', cookieHeader(jar, ['access_token']));
    expect(get.status).to.equal(200);
    // A wizard step without its session: the wizard's own 401, not the cookie check's 403 (start itself is 403 once an organization exists).
    const onboarding = await supertest(await app()).post('/api/v1/onboarding/session/stations').set('Cookie', cookieHeader(jar, ['access_token'])).send({ stations: [] });
    expect(onboarding.status).to.not.equal(403);
  });

  it('when a first login is posted with a stale csrf cookie but no header, then it is refused; without cookies it passes', async () => {
    const stale = await supertest(await app()).post('/api/v1/auth/login').set('Cookie', 'csrf_token=old').send({ username: member.username, password: member.password });
    expect(stale.status).to.equal(403);
    const clean = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    expect(clean.status).to.equal(200);
  });
});
