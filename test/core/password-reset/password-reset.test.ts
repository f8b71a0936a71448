import { expect } from 'chai';
import supertest from 'supertest';
import { getTestKernel } from '../../support/kernel';
import { startTestSmtp, mailText, type TestSmtp } from '../../support/smtp';
import { app, asSpa, createMember, createSeededOrganization, loginAs, resetLoginThrottles } from '../identity/support/members';
import { Mailer } from '../../../core/mail/mailer';
import { PasswordResetToken } from '../../../core/identity/models/credential.models';
import { User } from '../../../core/identity/models/user.model';
import { INSTALLATION_CHAIN_ID } from '../../../core/audit/audit-entry';

const NEW_PASSWORD = 'harbor violet ladder 77';

/** The token of the reset link in the newest mail to `to`. */
async function tokenMailedTo(smtp: TestSmtp, to: string): Promise<string> {
  const text = mailText(await smtp.waitFor(to));
  const match = /http:\/\/localhost:3000\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in mail:\n${text}`);
  return match[1];
}

async function clearResetThrottles(): Promise<void> {
  const kernel = await getTestKernel();
  for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) await kernel.cache.del(`rl:pwreset:ip:${ip}`).then(() => kernel.cache.del(`pwreset:ip:${ip}`));
}

describe('password reset (forgot / validate / reset, admin-sent link)', function () {
  this.timeout(30_000);
  let smtp: TestSmtp;

  before(async () => {
    smtp = await startTestSmtp();
    (await getTestKernel()).container.get(Mailer).configure(smtp.config);
  });
  after(async () => {
    const kernel = await getTestKernel();
    kernel.container.get(Mailer).configure(kernel.config.smtp);
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.messages.length = 0;
    await clearResetThrottles();
    await resetLoginThrottles();
  });

  it('when the address exists or not, then the answer is identical and only the member gets a mail', async () => {
    const member = await createMember();
    const known = await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email });
    const unknown = await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: 'nobody-here@example.org' });
    expect(known.status).to.equal(200);
    expect(unknown.status).to.equal(known.status);
    expect(unknown.body).to.deep.equal(known.body);
    expect(known.body).to.have.property('message').that.is.a('string');
    const token = await tokenMailedTo(smtp, member.email);
    expect(token).to.have.length(64); // 48 bytes, base64url
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => m.to.includes('nobody-here@example.org'))).to.have.length(0);
    // Only the hash is stored.
    const rows = await PasswordResetToken.findAll({ where: { userId: member.user.id }, raw: true });
    expect(rows).to.have.length(1);
    expect(rows[0].tokenHash).to.not.equal(token);
    expect(rows[0].expiresAt.getTime() - Date.now()).to.be.within(29 * 60_000, 30 * 60_000 + 1000);
  });

  it('when a link is used, then the password changes, every session ends, and the link works only once', async () => {
    const member = await createMember();
    const jar = await loginAs(member);
    await User.update({ failedLoginCount: 3 }, { where: { id: member.user.id } });
    await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email.toUpperCase() }).expect(200);
    const token = await tokenMailedTo(smtp, member.email);

    const valid = await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token });
    expect(valid.status).to.equal(200);
    expect(valid.body).to.deep.equal({ valid: true });

    const reset = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: NEW_PASSWORD });
    expect(reset.status).to.equal(200);
    expect(reset.body.message).to.be.a('string');

    expect((await asSpa(supertest(await app()).get('/api/v1/auth/me'), jar)).status).to.equal(401);
    const again = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: 'another fine phrase 88' });
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('LB-AUTH-016');
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token })).status).to.equal(400);

    const user = await User.findByPk(member.user.id, { raw: true });
    expect(user!.failedLoginCount).to.equal(0);
    const [audited] = await (await getTestKernel()).db.sequelize.query(
      "SELECT event_type AS t FROM audit_logs WHERE resource_id = ? AND event_type LIKE 'auth.password-reset%'", { replacements: [member.user.id] });
    expect((audited as Array<{ t: string }>).map((r) => r.t)).to.include.members(['auth.password-reset-requested', 'auth.password-reset']);
    await loginAs({ username: member.username, password: NEW_PASSWORD });
  });

  it('when a link has expired or a newer one was sent, then it is refused', async () => {
    const member = await createMember();
    await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email }).expect(200);
    const first = await tokenMailedTo(smtp, member.email);
    smtp.messages.length = 0;
    await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email }).expect(200);
    const second = await tokenMailedTo(smtp, member.email);
    expect(second).to.not.equal(first);
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token: first })).status).to.equal(400);
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token: second })).status).to.equal(200);

    await PasswordResetToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { userId: member.user.id } });
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token: second })).status).to.equal(400);
    const reset = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token: second, new_password: NEW_PASSWORD });
    expect(reset.status).to.equal(400);
  });

  it('when the new password breaks the policy, then 422 names the field and the link still works', async () => {
    const member = await createMember();
    await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email }).expect(200);
    const token = await tokenMailedTo(smtp, member.email);
    const weak = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: 'password1234' });
    expect(weak.status).to.equal(422);
    expect(weak.body.detail[0].field).to.equal('new_password');
    const reused = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: member.password });
    expect(reused.status).to.equal(422);
    expect((await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: NEW_PASSWORD })).status).to.equal(200);
  });

  it('when an inactive member asks, then the answer is the same and no mail is sent', async () => {
    const member = await createMember({ status: 'inactive' });
    const res = await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email: member.email });
    expect(res.status).to.equal(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).to.have.length(0);
  });

  it('when one address is asked for too often, then 429 with Retry-After and details.retryAfter, known or not', async () => {
    for (const email of [(await createMember()).email, 'ghost-429@example.org']) {
      let last: supertest.Response | null = null;
      for (let i = 0; i < 4; i += 1) last = await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email });
      expect(last!.status).to.equal(429);
      expect(Number(last!.headers['retry-after'])).to.be.greaterThan(0);
      expect(last!.body.details.retryAfter).to.be.greaterThan(0);
    }
  });

  it('when an administrator sends a link, then the member receives it; a plain member or another organization cannot', async () => {
    const org = await createSeededOrganization();
    const admin = await createMember({ org, positions: ['assistant_chief'] });
    const target = await createMember({ org });
    const stranger = await createMember();
    const plain = await createMember({ org });
    const adminJar = await loginAs(admin);

    const sent = await asSpa(supertest(await app()).post(`/api/v1/users/${target.user.id}/reset-password`), adminJar);
    expect(sent.status).to.equal(200);
    const token = await tokenMailedTo(smtp, target.email);
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token })).status).to.equal(200);
    // The password itself is untouched until the member uses the link.
    await loginAs(target);

    expect((await asSpa(supertest(await app()).post(`/api/v1/users/${stranger.user.id}/reset-password`), adminJar)).status).to.equal(404);
    const denied = await asSpa(supertest(await app()).post(`/api/v1/users/${target.user.id}/reset-password`), await loginAs(plain));
    expect(denied.status).to.equal(403);
  });

  it('when known and unknown addresses are asked alternately, then the median times are close (A8)', async () => {
    const members = [];
    for (let i = 0; i < 11; i += 1) members.push(await createMember());
    const kernel = await getTestKernel();
    // An unknown address's audit entry goes to the installation's chain: its head moves when it lands.
    const installationHead = async (): Promise<number> => {
      const [rows] = await kernel.db.sequelize.query('SELECT last_seq FROM audit_chain_heads WHERE chain_id = ?', { replacements: [INSTALLATION_CHAIN_ID] });
      return Number((rows as Array<{ last_seq: number | string }>)[0]?.last_seq ?? 0);
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // The work after the response (token, audit entry, mail) runs in this process, as the client
    // does: each sample waits until its own is done, so none of it lands in the next sample.
    const timed = async (email: string, done: () => Promise<unknown>): Promise<number> => {
      await clearResetThrottles();
      const t0 = process.hrtime.bigint();
      const res = await supertest(await app()).post('/api/v1/auth/forgot-password').send({ email });
      expect(res.status).to.equal(200);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      await done();
      return ms;
    };
    for (const m of members) {
      known.push(await timed(m.email, () => smtp.waitFor(m.email)));
      const before = await installationHead();
      unknown.push(await timed(`nobody-${m.username}@example.org`, async () => {
        for (let waited = 0; (await installationHead()) === before; waited += 10) {
          if (waited > 5_000) throw new Error('the audit entry of an unknown address did not appear');
          await new Promise((r) => setTimeout(r, 10));
        }
      }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [a, b] = [median(known), median(unknown)];
    // Everything that differs happens after the response; a few ms of jitter is allowed at these small times.
    expect(Math.abs(a - b), `known ${a.toFixed(1)} ms, unknown ${b.toFixed(1)} ms`).to.be.below(Math.max(5, 0.25 * Math.max(a, b)));
  });
});
