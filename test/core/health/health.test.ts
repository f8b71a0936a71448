import { expect } from 'chai';
import { api } from '../../support/kernel';

describe('health endpoints (MariaDB + Redis up)', () => {
  it('when everything is up, then /health is healthy and ready with both checks connected', async () => {
    const res = await (await api()).get('/health');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'healthy', ready: true });
    expect(res.body.version).to.match(/^\d+\.\d+\.\d+/);
    expect(res.body.checks).to.deep.equal({ database: 'connected', redis: 'connected' });
  });

  it('when /health/db and /health/redis are asked, then each answers 200 with its latency', async () => {
    const agent = await api();
    const db = await agent.get('/health/db');
    expect(db.status).to.equal(200);
    expect(db.body).to.include({ status: 'ok', backend: 'mysql' });
    expect(db.body.latency_ms).to.be.a('number');
    const redis = await agent.get('/health/redis');
    expect(redis.status).to.equal(200);
    expect(redis.body).to.include({ status: 'ok', backend: 'redis' });
  });

  it('when /health/live is asked, then it answers without touching a dependency', async () => {
    const res = await (await api()).get('/health/live');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'alive' });
  });

  it('when a health path gets another method, then 405', async () => {
    const res = await (await api()).post('/health');
    expect(res.status).to.equal(405);
  });
});
