import { expect } from 'chai';
import supertest from 'supertest';
import { getTestKernel } from '../../support/kernel';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { createApp } from '../../../core/kernel/app';
import { RegisterRoutes } from '../../../core/generated/routes';
import { silentLogger } from '../../../core/logging/logger';

const ORG = '33333333-4444-4555-8666-777777777777';
const headers = { 'X-Fixture-Org': ORG };

describe('server lifecycle', function () {
  this.timeout(60_000);

  it('when SIGTERM arrives during a request, then that request still completes, new connections are refused, and the exit code is 0', async () => {
    const server = await startServerProcess();
    const inFlight = fetch(`${server.url}/api/v1/fixture/slow?ms=1500`, { headers });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    let refused = false;
    try { await fetch(`${server.url}/health/live`, { signal: AbortSignal.timeout(2000) }); } catch { refused = true; }
    const res = await inFlight;
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ waited: 1500 });
    expect(refused).to.equal(true);
    expect(await server.stop()).to.equal(0);
  });

  describe('with a database pool of one connection', () => {
    let server: ServerProcess;
    before(async () => { server = await startServerProcess({ DB_POOL_MAX: '1', DB_ACQUIRE_TIMEOUT_MS: '300' }); });
    after(async () => { await server?.stop(); });

    it('when the pool is exhausted, then other requests are shed with 503 + Retry-After instead of queueing, and served again once it frees', async () => {
      const holder = fetch(`${server.url}/api/v1/fixture/slow?ms=2000&hold_db=true`, { headers });
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const shed = await fetch(`${server.url}/api/v1/fixture/notes`, { headers });
      expect(shed.status).to.equal(503);
      expect(shed.headers.get('retry-after')).to.match(/^\d+$/);
      expect(((await shed.json()) as { code: string }).code).to.equal('LB-SYS-002');
      expect(Date.now() - started).to.be.below(1500);
      expect((await holder).status).to.equal(200);
      expect((await fetch(`${server.url}/api/v1/fixture/notes`, { headers })).status).to.equal(200);
    });
  });

  it('when docs are disabled (the production default), then /docs, /redoc and /openapi.json are 404', async () => {
    const kernel = await getTestKernel();
    const app = createApp({ config: { ...kernel.config, enableDocs: false }, logger: silentLogger, health: kernel.health, openapi: kernel.openapi, modules: kernel.modules, moduleConfig: kernel.moduleConfig, coreRoutes: RegisterRoutes });
    for (const p of ['/docs/', '/redoc', '/openapi.json']) expect((await supertest(app).get(p)).status, p).to.equal(404);
  });
});
