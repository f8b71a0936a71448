import { expect } from 'chai';
import supertest from 'supertest';
import { getTestKernel } from '../../../support/kernel';
import { freePort } from '../../../support/private-services';
import { startTestSmtp, mailText, type TestSmtp } from '../../../support/smtp';
import { app, resetLoginThrottles } from '../support/members';
import { createMember, signedIn, auditEntries, type SignedIn } from '../../../support/identity';
import { Mailer } from '../../../../core/mail/mailer';
import { User } from '../../../../core/identity/models/user.model';

const CHOSEN = 'saffron kettle harbor 31';

/** The one-time link of the newest mail to `to`, and the mail's text. */
async function welcomeTo(smtp: TestSmtp, to: string): Promise<{ token: string; text: string }> {
  const text = mailText(await smtp.waitFor(to));
  const match = /http:\/\/localhost:3000\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no password-set link in mail:\n${text}`);
  return { token: match[1], text };
}

describe('identity api: POST /users with send_welcome_email', function () {
  this.timeout(30_000);
  let smtp: TestSmtp;
  let admin: SignedIn;
  let n = 0;
  const newMember = (extra: object = {}) => {
    n++;
    return { username: `welcome.${n}.${process.pid}`, email: `welcome.${n}.${process.pid}@example.org`, first_name: 'Robin', last_name: 'Hale', ...extra };
  };

  before(async () => {
    smtp = await startTestSmtp();
    (await getTestKernel()).container.get(Mailer).configure(smtp.config);
    admin = await signedIn(['it_manager']);
  });
  after(async () => {
    const kernel = await getTestKernel();
    kernel.container.get(Mailer).configure(kernel.config.smtp);
    await smtp.stop();
  });
  beforeEach(() => { smtp.messages.length = 0; });

  it('when asked, then the member gets a one-time link (no temporary password anywhere), and the link sets the password they sign in with', async () => {
    const body = newMember({ send_welcome_email: true });
    const res = await admin.post('/users', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.welcome_email_sent).to.equal(true);
    expect(res.body).to.not.have.property('temporary_password');
    const row = await User.findByPk(res.body.id, { raw: true });
    expect(row!.passwordHash).to.equal(null);
    expect(Boolean(row!.mustChangePassword)).to.equal(false);

    const { token, text } = await welcomeTo(smtp, body.email);
    expect(text).to.include(body.username);
    expect(text).to.include(admin.org.name);
    expect(text).to.not.match(/temporary password/i);

    const client = supertest(await app());
    await resetLoginThrottles();
    expect((await client.post('/api/v1/auth/login').send({ username: body.username, password: 'anything at all 123' })).status).to.equal(401);
    const set = await client.post('/api/v1/auth/reset-password').send({ token, new_password: CHOSEN });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect((await client.post('/api/v1/auth/login').send({ username: body.username, password: CHOSEN })).status).to.equal(200);
    // One use only.
    expect((await client.post('/api/v1/auth/reset-password').send({ token, new_password: 'another fresh phrase 9' })).status).to.equal(400);

    const [created] = await auditEntries(admin.org.id, 'user.created');
    expect(created.eventData).to.deep.include({ welcome_link: true, temporary_password: false });
  });

  it('when the admin also set a password, then the mail still carries only the link, never that password', async () => {
    const body = newMember({ send_welcome_email: true, password: 'granite meadow lantern 64' });
    const res = await admin.post('/users', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.welcome_email_sent).to.equal(true);
    const { text } = await welcomeTo(smtp, body.email);
    expect(text).to.not.include('granite meadow lantern 64');
    expect(smtp.messages.map((m) => m.raw).join('\n')).to.not.include('granite meadow lantern 64');
  });

  it('when the mail server cannot be reached, then the member is still created, welcome_email_sent is false, and nothing leaks', async () => {
    const kernel = await getTestKernel();
    kernel.container.get(Mailer).configure({ ...smtp.config, port: await freePort() });
    try {
      const body = newMember({ send_welcome_email: true });
      const res = await admin.post('/users', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.welcome_email_sent).to.equal(false);
      expect(JSON.stringify(res.body)).to.not.match(/ECONNREFUSED|reset-password|token/i);
    } finally {
      kernel.container.get(Mailer).configure(smtp.config);
    }
  });

  it('when no mail server is configured, then a temporary password is returned as before and welcome_email_sent is false', async () => {
    const kernel = await getTestKernel();
    kernel.container.get(Mailer).configure({ ...smtp.config, host: null });
    try {
      const res = await admin.post('/users', newMember({ send_welcome_email: true }));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.welcome_email_sent).to.equal(false);
      expect(res.body.temporary_password).to.be.a('string');
      expect(smtp.messages).to.have.length(0);
    } finally {
      kernel.container.get(Mailer).configure(smtp.config);
    }
  });

  it('when not asked, then no mail is sent and the response has no welcome_email_sent', async () => {
    const res = await admin.post('/users', newMember());
    expect(res.status).to.equal(201);
    expect(res.body).to.not.have.property('welcome_email_sent');
    expect(res.body.temporary_password).to.be.a('string');
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages).to.have.length(0);
  });
});

describe('identity api: email change notice (no re-authentication field in the SPA contract)', function () {
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

  it('when a member changes their own email, then the old address is told (without the new one), and other contact edits send nothing', async () => {
    const me = await signedIn(['member']);
    const phoneOnly = await me.patch(`/users/${me.user.id}/contact-info`, { phone: '555-0199' });
    expect(phoneOnly.status).to.equal(200);
    const sameAddress = await me.patch(`/users/${me.user.id}/contact-info`, { email: me.email.toUpperCase() });
    expect(sameAddress.status).to.equal(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages).to.have.length(0);

    const fresh = `moved.${process.pid}.${Date.now()}@example.org`;
    const res = await me.patch(`/users/${me.user.id}/contact-info`, { email: fresh });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.email).to.equal(fresh);
    // The stored address is now the upper-cased one (same account key); mail servers fold the domain.
    const notice = mailText(await smtp.waitFor(`${me.username.toUpperCase()}@example.org`));
    expect(notice).to.include('was changed').and.include(me.username).and.not.include(fresh);
    expect(notice).to.not.include('by an administrator');
    expect(smtp.messages.every((m) => !m.to.includes(fresh))).to.equal(true);
  });

  it('when an administrator changes a member\'s email, then the old address is told it was an administrator', async () => {
    const admin = await signedIn(['it_manager']);
    const member = await createMember({ org: admin.org });
    const res = await admin.patch(`/users/${member.user.id}/contact-info`, { email: `reassigned.${process.pid}.${Date.now()}@example.org` });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(mailText(await smtp.waitFor(member.email))).to.include('by an administrator');
  });
});
