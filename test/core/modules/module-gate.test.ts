import { expect } from 'chai';
import { api, getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';

describe('module gate (fixture module, in process)', () => {
  let orgA: string;
  let orgB: string;

  before(async () => {
    await getTestKernel();
    orgA = (await createOrganization('Station A')).id;
    orgB = (await createOrganization('Station B')).id;
  });

  it('when the module is on by default, then its routes answer for the organization', async () => {
    const res = await (await api()).get('/api/v1/fixture/notes').set('X-Fixture-Org', orgA);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal([]);
  });

  it('when the module is disabled for one organization, then it is 404 there and still served to the other', async () => {
    const kernel = await getTestKernel();
    await kernel.moduleConfig.setEnabled(orgB, 'fixture', false, 'test');
    const agent = await api();
    const b = await agent.get('/api/v1/fixture/notes').set('X-Fixture-Org', orgB);
    expect(b.status).to.equal(404);
    expect(b.body).to.include({ code: 'LB-MOD-001', status: 404 });
    expect(b.body.detail).to.be.a('string');
    const a = await agent.post('/api/v1/fixture/notes').set('X-Fixture-Org', orgA).send({ text: 'engine 1 checked' });
    expect(a.status).to.equal(201);
    expect(a.body.text).to.equal('engine 1 checked');
    await kernel.moduleConfig.setEnabled(orgB, 'fixture', true, 'test');
    const again = await agent.get('/api/v1/fixture/notes').set('X-Fixture-Org', orgB);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal([]);
  });

  it('when a request carries no credentials, then the route answers 401 rather than revealing the module state', async () => {
    const res = await (await api()).get('/api/v1/fixture/notes');
    expect(res.status).to.equal(401);
    expect(res.body.code).to.equal('LB-AUTH-001');
  });
});
