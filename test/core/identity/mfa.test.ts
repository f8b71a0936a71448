import { expect } from 'chai';
import supertest from 'supertest';
import { generate } from 'otplib';
import { app, asSpa, createMember, jarFrom, loginAs, resetLoginThrottles, setCookies, type CookieJar, type TestMember } from './support/members';
import { getTestKernel } from '../../support/kernel';
import { User } from '../../../core/identity/models/user.model';
import { MfaRecoveryCode } from '../../../core/identity/models/credential.models';
import { UserAuthStates } from '../../../core/identity/auth/user-auth-state';

/** The code of the 30-second step `offset` steps from now. */
function codeAt(secret: string, offset: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
}

async function post(path: string, jar: CookieJar, body: Record<string, unknown> = {}) {
  return asSpa(supertest(await app()).post(`/api/v1${path}`), jar).send(body);
}

describe('identity: TOTP MFA', () => {
  let member: TestMember;
  let jar: CookieJar;
  let secret: string;
  let recovery: string[];

  before(async () => {
    await resetLoginThrottles();
    member = await createMember();
    jar = await loginAs(member);
  });

  it('when setup is called, then a base32 secret and an otpauth URI come back, and MFA is not on yet', async () => {
    const res = await post('/auth/mfa/setup', jar);
    expect(res.status).to.equal(200);
    secret = res.body.secret;
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    expect(res.body.qr_code_url).to.match(/^otpauth:\/\/totp\//).and.include(`secret=${secret}`);
    const status = await asSpa(supertest(await app()).get('/api/v1/auth/mfa/status'), jar);
    expect(status.body).to.deep.equal({ mfa_enabled: false, recovery_codes_remaining: 0 });
    const row = await User.findByPk(member.user.id, { attributes: ['id', 'mfaSecret'], raw: true });
    expect(row!.mfaSecret).to.match(/^\$gcm2\$/); // encrypted at rest
  });

  it('when verify-setup gets a wrong code, then 400 (not 401); with the right one, 10 distinct recovery codes of ≥ 64 bits', async () => {
    const wrong = await post('/auth/mfa/verify-setup', jar, { code: '000000' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.code).to.equal('LB-AUTH-011');
    const res = await post('/auth/mfa/verify-setup', jar, { code: await codeAt(secret, 0) });
    expect(res.status).to.equal(200);
    recovery = res.body.recovery_codes;
    expect(recovery).to.have.length(10);
    expect(new Set(recovery).size).to.equal(10);
    for (const c of recovery) expect(c).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/); // 16 symbols × 5 bits = 80 bits
    const stored = await MfaRecoveryCode.findAll({ where: { userId: member.user.id }, raw: true });
    expect(stored.map((s) => s.codeHash)).to.not.include.members(recovery);
    const status = await asSpa(supertest(await app()).get('/api/v1/auth/mfa/status'), jar);
    expect(status.body).to.deep.equal({ mfa_enabled: true, recovery_codes_remaining: 10 });
  });

  it('when a member with MFA signs in, then the answer is a challenge without cookies; the code completes it with cookies', async () => {
    await resetLoginThrottles();
    const first = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    expect(first.status).to.equal(200);
    expect(first.body).to.have.keys(['mfa_required', 'mfa_token']);
    expect(first.body.mfa_required).to.equal(true);
    expect(setCookies(first)).to.deep.equal({});
    const code = await codeAt(secret, 1);
    const done = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: first.body.mfa_token, code });
    expect(done.status).to.equal(200);
    expect(done.body.user.mfa_enabled).to.equal(true);
    expect(Object.keys(setCookies(done))).to.have.members(['access_token', 'refresh_token', 'csrf_token']);
    jar = jarFrom(done);

    // The same code again (a replay), even with a fresh challenge: refused.
    const again = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    const replay = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: again.body.mfa_token, code });
    expect(replay.status).to.equal(400);
    expect(replay.body.code).to.equal('LB-AUTH-011');
    // The used challenge token cannot be used twice either.
    const reuse = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: first.body.mfa_token, code: await codeAt(secret, -1) });
    expect(reuse.status).to.be.oneOf([400, 401]);
  });

  it('when a recovery code is used, then it signs in once; the second use is refused and one fewer remains', async () => {
    const challenge = async () => (await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password })).body.mfa_token as string;
    const ok = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: await challenge(), recovery_code: recovery[0].toLowerCase() });
    expect(ok.status).to.equal(200);
    const twice = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: await challenge(), recovery_code: recovery[0] });
    expect(twice.status).to.equal(400);
    const status = await asSpa(supertest(await app()).get('/api/v1/auth/mfa/status'), jarFrom(ok));
    expect(status.body.recovery_codes_remaining).to.equal(9);
  });

  it('when recovery codes are regenerated with a valid code, then the old ones stop working', async () => {
    // The login above used the next step; start the replay guard afresh so the current step counts.
    await User.update({ mfaLastTimestep: null }, { where: { id: member.user.id } });
    const res = await post('/auth/mfa/recovery-codes', jar, { code: await codeAt(secret, 0) });
    expect(res.status).to.equal(200);
    expect(res.body.recovery_codes).to.have.length(10);
    const challenge = (await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password })).body.mfa_token;
    const old = await supertest(await app()).post('/api/v1/auth/mfa/login').send({ temp_token: challenge, recovery_code: recovery[1] });
    expect(old.status).to.equal(400);
    recovery = res.body.recovery_codes;
  });

  it('when MFA is disabled with a recovery-free TOTP code, then it is off and the next login needs no code', async () => {
    await User.update({ mfaLastTimestep: null }, { where: { id: member.user.id } });
    const res = await post('/auth/mfa/disable', jar, { code: await codeAt(secret, 0) });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ mfa_enabled: false });
    await resetLoginThrottles();
    const login = await supertest(await app()).post('/api/v1/auth/login').send({ username: member.username, password: member.password });
    expect(login.body.user).to.be.an('object');
  });
});

describe('identity: 403 gates (MFA policy, must change password)', () => {
  beforeEach(resetLoginThrottles);

  it('when the organization requires MFA, then a member without it gets 403 + X-MFA-Enrollment-Required outside the auth routes', async () => {
    const admin = await createMember({ positions: ['it_manager'] });
    const plain = await createMember({ org: admin.org });
    const adminJar = await loginAs(admin);
    const denied = await asSpa(supertest(await app()).put('/api/v1/auth/mfa/policy'), await loginAs(plain)).send({ mfa_required: true });
    expect(denied.status).to.equal(403);
    const set = await asSpa(supertest(await app()).put('/api/v1/auth/mfa/policy'), adminJar).send({ mfa_required: true });
    expect(set.status).to.equal(200);
    expect(set.body).to.deep.equal({ mfa_required: true });
    const jar = await loginAs(plain);
    const me = await asSpa(supertest(await app()).get('/api/v1/auth/me'), jar);
    expect(me.status).to.equal(200);
    expect(me.body.mfa_enrollment_required).to.equal(true);
    const gated = await asSpa(supertest(await app()).get('/api/v1/fixture/notes'), jar);
    expect(gated.status).to.equal(403);
    expect(gated.headers['x-mfa-enrollment-required']).to.equal('true');
    expect(gated.body.code).to.equal('LB-AUTH-012');
    expect((await asSpa(supertest(await app()).get('/api/v1/auth/mfa/policy'), jar)).body).to.deep.equal({ mfa_required: true });
  });

  it('when a member must change their password, then 403 + X-Password-Change-Required outside the auth routes, until they do', async () => {
    const m = await createMember({ mustChangePassword: true });
    const jar = await loginAs(m);
    const gated = await asSpa(supertest(await app()).get('/api/v1/fixture/notes'), jar);
    expect(gated.status).to.equal(403);
    expect(gated.headers['x-password-change-required']).to.equal('true');
    expect(gated.body.code).to.equal('LB-AUTH-013');
    expect((await asSpa(supertest(await app()).get('/api/v1/auth/me'), jar)).body.must_change_password).to.equal(true);
    const changed = await asSpa(supertest(await app()).post('/api/v1/auth/change-password'), jar).send({ current_password: m.password, new_password: 'violet harbor thunder 88' });
    expect(changed.status).to.equal(200);
    const after = await asSpa(supertest(await app()).get('/api/v1/fixture/notes'), jar);
    expect(after.headers['x-password-change-required']).to.equal(undefined);
    expect(after.body.code).to.not.equal('LB-AUTH-013');
  });

  it('when a member lacks a route\'s permission, then 403 and an auth.permission-denied audit entry', async () => {
    const m = await createMember({ positions: [] });
    const jar = await loginAs(m);
    const res = await asSpa(supertest(await app()).get('/api/v1/fixture/notes'), jar);
    expect(res.status).to.equal(403);
    expect(res.body.code).to.equal('LB-AUTH-003');
    const kernel = await getTestKernel();
    const [rows] = await kernel.db.sequelize.query('SELECT event_type FROM audit_logs WHERE user_id = ? AND event_type = ?', { replacements: [m.user.id, 'auth.permission-denied'] });
    expect(rows).to.have.length(1);
    await kernel.container.get(UserAuthStates).refresh(m.user.id, m.org.id);
  });
});
