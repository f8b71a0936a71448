import crypto from 'node:crypto';
import { expect } from 'chai';
import supertest from 'supertest';
import { getTestKernel } from '../../support/kernel';
import { runCli } from '../../support/processes';
import { app, asSpa, loginAs } from '../identity/support/members';
import { User } from '../../../core/identity/models/user.model';

describe('logbook orgs create|list (spawned CLI on the run database)', function () {
  this.timeout(120_000);
  const tag = crypto.randomBytes(3).toString('hex');
  const slug = `cli-fd-${tag}`;
  const username = `cliadmin_${tag}`;
  const email = `cliadmin-${tag}@example.org`;

  before(async () => { await getTestKernel(); }); // the run's database exists and is migrated

  it('when an organization is created, then its admin sets a password through the printed link and signs in with `*`', async () => {
    const res = await runCli(['orgs', 'create', '--name', 'Cedar Hollow Fire District', '--slug', slug, '--timezone', 'America/Denver', '--admin-username', username, '--admin-email', email, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const created = JSON.parse(res.stdout) as { organization: { slug: string }; admin: { id: string }; password_set_link: string };
    expect(created.organization.slug).to.equal(slug);
    expect(res.stdout).to.not.match(/password"\s*:/);
    const admin = await User.findByPk(created.admin.id, { raw: true });
    expect(Boolean(admin!.mustChangePassword)).to.equal(true);
    expect(admin!.passwordHash).to.equal(null);

    const token = /#token=([A-Za-z0-9_-]+)$/.exec(created.password_set_link)![1];
    expect((await supertest(await app()).post('/api/v1/auth/validate-reset-token').send({ token })).status).to.equal(200);
    const password = 'granite meadow falcon 63';
    const reset = await supertest(await app()).post('/api/v1/auth/reset-password').send({ token, new_password: password });
    expect(reset.status, JSON.stringify(reset.body)).to.equal(200);
    const jar = await loginAs({ username, password });
    const me = await asSpa(supertest(await app()).get('/api/v1/auth/me'), jar);
    expect(me.status).to.equal(200);
    expect(me.body.permissions).to.include('*');
    expect(me.body.timezone).to.equal('America/Denver');

    const list = await runCli(['orgs', 'list', '--json']);
    expect(list.code, list.stderr).to.equal(0);
    expect((JSON.parse(list.stdout) as { organizations: Array<{ slug: string; members: number }> }).organizations.find((o) => o.slug === slug)?.members).to.equal(1);
    const text = await runCli(['orgs', 'list']);
    expect(text.stdout).to.include(slug);
  });

  it('when the arguments are invalid or the slug is taken, then it says why and creates nothing', async () => {
    const bad = await runCli(['orgs', 'create', '--name', 'X', '--slug', 'Bad Slug', '--timezone', 'Mars/Base', '--admin-username', 'a', '--admin-email', 'nope']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('--slug').and.include('--timezone').and.include('--admin-email');
    const taken = await runCli(['orgs', 'create', '--name', 'Another', '--slug', slug, '--timezone', 'UTC', '--admin-username', `other_${tag}`, '--admin-email', `other-${tag}@example.org`]);
    expect(taken.code).to.equal(1);
    expect(taken.stderr).to.include('already taken');
    expect(await User.count({ where: { emailKey: `other-${tag}@example.org` } })).to.equal(0);
  });
});
