import { expect } from 'chai';
import supertest from 'supertest';
import { app, asSpa, cookieHeader, createMember, createSeededOrganization, jarFrom, loginAs, resetLoginThrottles, setCookies, type TestMember } from './support/members';
import { User } from '../../../core/identity/models/user.model';
import { Position } from '../../../core/identity/models/position.model';
import { UserPosition } from '../../../core/identity/models/user-position.model';

describe('identity: login, cookies and /auth/me', () => {
  let member: TestMember;

  before(async () => {
    member = await createMember({ positions: ['member', 'captain'] });
  });
  beforeEach(resetLoginThrottles);

  it('when a member signs in with the username, then the body holds the CurrentUser and the three cookies are set', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    expect(res.status).to.equal(200);
    expect(res.body.token_type).to.equal('bearer');
    expect(res.body.expires_in).to.be.within(1790, 1800);
    expect(res.body).to.not.have.property('access_token');
    const user = res.body.user;
    expect(user).to.include({ id: member.user.id, username: member.username, email: member.email, organization_id: member.org.id, timezone: 'America/Chicago', full_name: 'Pat Rivera', is_active: true, mfa_enabled: false, must_change_password: false, password_expired: false, mfa_enrollment_required: false });
    expect(user.roles).to.have.members(['member', 'captain']);
    expect(user.positions).to.deep.equal(['Captain', 'Member']);
    expect(user.permissions).to.include.members(['scheduling.swap', 'training.manage']);
    const cookies = setCookies(res);
    expect(Object.keys(cookies)).to.have.members(['access_token', 'refresh_token', 'csrf_token']);
  });

  it('when a member holds no position, or a position row of another organization, then sign-in answers the same roles and permissions as /auth/me', async () => {
    const bare = await createMember({ positions: [] });
    const other = await createSeededOrganization('Other Fire District');
    const foreign = await Position.findOne({ where: { organizationId: other.id, slug: 'it_manager' } });
    await UserPosition.create({ userId: bare.user.id, positionId: foreign!.id });
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: bare.username, password: bare.password });
    expect(res.status).to.equal(200);
    expect(res.body.user).to.include({ id: bare.user.id, username: bare.username });
    expect(res.body.user.roles).to.deep.equal([]);
    expect(res.body.user.positions).to.deep.equal([]);
    expect(res.body.user.permissions).to.deep.equal([]);
    const me = await supertest(await app()).get('/api/v1/auth/me').set('Cookie', cookieHeader(jarFrom(res)));
    expect(me.status).to.equal(200);
    for (const key of ['roles', 'positions', 'permissions']) expect(me.body[key], key).to.deep.equal(res.body.user[key]);
  });

  it('when a member with several positions signs in, then the login answer lists them as /auth/me does (priority order, permission union)', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    const me = await supertest(await app()).get('/api/v1/auth/me').set('Cookie', cookieHeader(jarFrom(res)));
    expect(me.status).to.equal(200);
    for (const key of ['roles', 'positions', 'permissions']) expect(me.body[key], key).to.deep.equal(res.body.user[key]);
  });

  it('when a member signs in with the email in another case, then it works the same', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.email.toUpperCase(), password: member.password });
    expect(res.status).to.equal(200);
    expect(res.body.user.id).to.equal(member.user.id);
  });

  it('when cookies are set, then their attributes are exactly as the SPA contract says (parsed Set-Cookie)', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    const c = setCookies(res);
    const attrs = (line: string) => line.split(';').slice(1).map((s) => s.trim().toLowerCase());
    expect(attrs(c.access_token)).to.include.members(['path=/', 'httponly', 'samesite=strict']);
    expect(attrs(c.refresh_token)).to.include.members(['path=/api/v1/auth/', 'httponly', 'samesite=strict']);
    expect(attrs(c.csrf_token)).to.include.members(['path=/', 'samesite=strict']);
    expect(attrs(c.csrf_token)).to.not.include('httponly');
    // The test environment allows http://localhost:3000, so (development rule) no Secure flag.
    for (const line of Object.values(c)) expect(attrs(line)).to.not.include('secure');
  });

  it('when a member signs in twice, then the csrf_token cookie changes', async () => {
    const a = jarFrom(await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password }));
    const b = jarFrom(await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password }));
    expect(a.csrf_token).to.be.a('string').with.length.greaterThan(30);
    expect(a.csrf_token).to.not.equal(b.csrf_token);
  });

  it('when /auth/me is called with the cookie or with a Bearer token, then it answers the CurrentUser; without, 401', async () => {
    const jar = await loginAs(member);
    const viaCookie = await asSpa(supertest(await app()).get('/api/v1/auth/me'), jar);
    expect(viaCookie.status).to.equal(200);
    expect(viaCookie.body.username).to.equal(member.username);
    const viaBearer = await supertest(await app()).get('/api/v1/auth/me').set('Authorization', `Bearer ${jar.access_token}`);
    expect(viaBearer.status).to.equal(200);
    const none = await supertest(await app()).get('/api/v1/auth/me');
    expect(none.status).to.equal(401);
    expect(none.body).to.include({ code: 'LB-AUTH-001' });
    const garbage = await supertest(await app()).get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt');
    expect(garbage.status).to.equal(401);
    expect(garbage.body.code).to.equal('LB-AUTH-004');
  });

  it('when the password is wrong or the user unknown, then status and body are identical (no enumeration)', async () => {
    const wrong = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: 'not the right one!' });
    const unknown = await supertest(await app()).post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'not the right one!' });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined });
    expect(strip(wrong.body)).to.deep.equal(strip(unknown.body));
    expect(wrong.body).to.include({ detail: 'Incorrect username or password', code: 'LB-AUTH-002' });
    expect(setCookies(wrong)).to.deep.equal({});
    await User.update({ failedLoginCount: 0 }, { where: { id: member.user.id } });
  });

  it('when unknown user and wrong password are timed 15 times each, then their medians are within noise', async function () {
    this.timeout(60_000);
    const victim = await createMember();
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      await supertest(await app()).post('/api/v1/auth/login').send({ username, password: 'definitely wrong password' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await time(victim.username));
      unknown.push(await time(`ghost-${i}`));
      if (i % 4 === 3) { await User.update({ failedLoginCount: 0, lockedUntil: null }, { where: { id: victim.user.id } }); await resetLoginThrottles(); }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(known) / median(unknown);
    expect(ratio, `known ${median(known).toFixed(1)} ms vs unknown ${median(unknown).toFixed(1)} ms`).to.be.within(0.7, 1.43);
  });

  it('when a suspended member gives the right password, then 403 and no cookies; with a wrong one, the usual 401', async () => {
    const suspended = await createMember({ status: 'suspended' });
    const right = await supertest(await app()).post('/api/v1/auth/login').send({ username: suspended.username, password: suspended.password });
    expect(right.status).to.equal(403);
    expect(right.body.code).to.equal('LB-AUTH-006');
    expect(setCookies(right)).to.deep.equal({});
    const wrong = await supertest(await app()).post('/api/v1/auth/login').send({ username: suspended.username, password: 'wrong wrong wrong' });
    expect(wrong.status).to.equal(401);
  });

  it('when the body carries extra fields (mass assignment), then 422 LB-VAL-001', async () => {
    const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password, organization_id: member.org.id, permissions: ['*'] });
    expect(res.status).to.equal(422);
    expect(res.body.code).to.equal('LB-VAL-001');
    const jar = await loginAs(member);
    const change = await asSpa(supertest(await app()).post('/api/v1/auth/change-password'), jar).send({ current_password: member.password, new_password: 'another fine phrase 7', password_hash: 'x' });
    expect(change.status).to.equal(422);
  });

  it('when session-settings is read, then it gives the idle timeout in minutes', async () => {
    const res = await supertest(await app()).get('/api/v1/auth/session-settings');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ session_timeout_minutes: 15, password_max_age_days: 0 });
  });
});
