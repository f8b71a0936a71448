import { expect } from 'chai';
import supertest from 'supertest';
import { ClientErrorLog } from '../../../../core/identity/api/client-error-log.model';
import { CLIENT_ERROR_LIMITS, ClientErrorsService } from '../../../../core/identity/api/client-errors.service';
import { captureLogger } from '../../../support/log-capture';
import { Organization } from '../../../../core/identity/models/organization.model';
import { getTestKernel } from '../../../support/kernel';
import { app } from '../../identity/support/members';
import { signedIn } from '../../../support/identity';

const report = (message = 'Request failed with status code 500') => ({
  error_type: 'server_error', error_message: message, user_message: 'Something went wrong',
  troubleshooting_steps: ['Try again'], context: { method: 'GET', action: 'load', path: '/training', status: 500, error_code: 'LB-SYS-001' },
});

async function clearErrorLimits(): Promise<void> {
  const kernel = await getTestKernel();
  for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) await kernel.cache.del(`rl:errlog:ip:${ip}`);
}

describe('identity api: bootstrap calls and client error reports', () => {
  it('when the login page asks for branding, oauth and captcha config, then the oldest active organization\'s name and "off" answers', async () => {
    const client = supertest(await app());
    const oldest = await Organization.findOne({ where: { active: true }, order: [['createdAt', 'ASC']] });
    const branding = await client.get('/api/v1/auth/branding').expect(200);
    expect(branding.body).to.have.keys(['name', 'logo']);
    expect(branding.body.name).to.equal(oldest ? oldest.name : null);
    expect((await client.get('/api/v1/auth/oauth-config').expect(200)).body).to.deep.equal({ googleEnabled: false, microsoftEnabled: false });
    expect((await client.get('/api/v1/auth/captcha-config').expect(200)).body).to.deep.equal({ enabled: false, provider: null, siteKey: null });
  });

  it('when the oldest organization has an unsafe logo, then branding answers logo null', async () => {
    const member = await signedIn(['member']);
    const oldest = (await Organization.findOne({ where: { active: true }, order: [['createdAt', 'ASC']] }))!;
    const saved = oldest.logo;
    await oldest.update({ logo: 'javascript:alert(1)' });
    expect((await supertest(await app()).get('/api/v1/auth/branding').expect(200)).body.logo).to.equal(null);
    await oldest.update({ logo: 'data:image/png;base64,AAAA' });
    expect((await supertest(await app()).get('/api/v1/auth/branding').expect(200)).body.logo).to.equal('data:image/png;base64,AAAA');
    await oldest.update({ logo: saved });
    expect(member.org.id).to.be.a('string');
  });

  it('when a signed-in member reports an error, then it is stored with their organization; anonymously, without one', async () => {
    await clearErrorLimits();
    const member = await signedIn(['member']);
    const res = await member.post('/errors/log', report()).expect(201);
    const row = await ClientErrorLog.findByPk(res.body.id);
    expect(row).to.include({ organizationId: member.org.id, userId: member.user.id, errorType: 'server_error' });
    expect(row!.context).to.deep.include({ status: 500, path: '/training' });
    const anon = await supertest(await app()).post('/api/v1/errors/log').send(report('network down')).expect(201);
    expect((await ClientErrorLog.findByPk(anon.body.id))!.organizationId).to.equal(null);
  });

  it('when a report is oversized or has extra fields, then 422 and nothing is stored', async () => {
    await clearErrorLimits();
    const before = await ClientErrorLog.count();
    const client = supertest(await app());
    await client.post('/api/v1/errors/log').send(report('x'.repeat(4001))).expect(422);
    await client.post('/api/v1/errors/log').send({ ...report(), organization_id: 'x' }).expect(422);
    await client.post('/api/v1/errors/log').send({ ...report(), context: { ...report().context, cookie: 'a' } }).expect(422);
    await client.post('/api/v1/errors/log').send({ error_type: 'x' }).expect(422);
    expect(await ClientErrorLog.count()).to.equal(before);
  });

  it('when a member sends more than the limit in a minute, then 429 with Retry-After and details.retryAfter', async () => {
    await clearErrorLimits();
    const member = await signedIn(['member']);
    for (let i = 0; i < CLIENT_ERROR_LIMITS.perMember; i++) await member.post('/errors/log', report()).expect(201);
    const res = await member.post('/errors/log', report()).expect(429);
    expect(res.body.code).to.equal('LB-RATE-003');
    expect(res.body.details.retryAfter).to.be.a('number').greaterThan(0);
    expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
    await clearErrorLimits();
  });

  it('when one IP floods anonymously, then 429 past the per-IP limit', async () => {
    await clearErrorLimits();
    const client = supertest(await app());
    for (let i = 0; i < CLIENT_ERROR_LIMITS.perIp; i++) await client.post('/api/v1/errors/log').send(report()).expect(201);
    const res = await client.post('/api/v1/errors/log').send(report()).expect(429);
    expect(res.body.details.retryAfter).to.be.greaterThan(0);
    await clearErrorLimits();
  });
});

describe('identity api: client error reports stay out of the logs', () => {
  it('when a report quotes something sensitive, then the log (even at debug) holds its type and status, never its text', async () => {
    const kernel = await getTestKernel();
    const capture = captureLogger('debug');
    const service = new ClientErrorsService(kernel.cache, capture.logger);
    const sentinel = 'SENTINEL-patient-Jane-Doe-DOB-1970';
    await service.record({ ...report(sentinel), user_message: sentinel, troubleshooting_steps: [sentinel] }, { ip: '192.0.2.77', userAgent: 'test', requestId: null }, null);
    expect(capture.text()).to.include('server_error');
    expect(capture.text()).not.to.include(sentinel);
  });
});
