import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { captureLogger } from '../../support/log-capture';
import { createApp } from '../../../core/kernel/app';
import { RegisterRoutes } from '../../../core/generated/routes';
import type { Kernel } from '../../../core/kernel/kernel';

function appWithLogger(kernel: Kernel, logger: ReturnType<typeof captureLogger>['logger'], overrides: Partial<Kernel['config']> = {}): Express {
  return createApp({
    config: { ...kernel.config, ...overrides } as Kernel['config'],
    logger,
    health: kernel.health,
    openapi: kernel.openapi,
    modules: kernel.modules,
    moduleConfig: kernel.moduleConfig,
    coreRoutes: RegisterRoutes,
  });
}

describe('HTTP stack', () => {
  let kernel: Kernel;
  let request: supertest.Agent;
  let org: string;

  before(async () => {
    kernel = await getTestKernel();
    request = supertest.agent(kernel.app as Express);
    org = (await createOrganization('HTTP Dept')).id;
  });

  describe('request id', () => {
    it('when the client sends none, then a new one is generated and echoed', async () => {
      const res = await request.get('/health/live');
      expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    });
    it('when the client sends a sane one, then it is kept; an unsafe one is replaced', async () => {
      const ok = await request.get('/health/live').set('X-Request-ID', 'trace-1234_abcd');
      expect(ok.headers['x-request-id']).to.equal('trace-1234_abcd');
      const bad = await request.get('/health/live').set('X-Request-ID', 'a b<script>\\"quote');
      expect(bad.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('headers', () => {
    it('when any API response is sent, then it carries the JSON-API security headers and no-store', async () => {
      const res = await request.get('/api/v1/system/info');
      expect(res.status).to.equal(200);
      expect(res.headers['strict-transport-security']).to.match(/max-age=31536000; includeSubDomains/);
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-security-policy']).to.include("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).to.include("default-src 'none'");
      expect(res.headers['referrer-policy']).to.equal('no-referrer');
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers).to.not.have.property('x-powered-by');
    });
    it('when an error is answered, then it carries the same headers', async () => {
      const res = await request.get('/api/v1/nothing-here');
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
    });
  });

  describe('CORS', () => {
    it('when the origin is on the allow-list, then credentials are allowed for exactly that origin and X-Request-ID is exposed', async () => {
      const res = await request.get('/api/v1/system/info').set('Origin', 'http://localhost:3000');
      expect(res.headers['access-control-allow-origin']).to.equal('http://localhost:3000');
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(res.headers['access-control-expose-headers']).to.include('X-Request-ID');
    });
    it('when the origin is foreign, then no CORS header is sent (and never *)', async () => {
      const res = await request.get('/api/v1/system/info').set('Origin', 'https://evil.example');
      expect(res.headers).to.not.have.property('access-control-allow-origin');
      expect(res.headers).to.not.have.property('access-control-allow-credentials');
    });
    it('when a preflight comes from an allowed origin, then it lists the SPA headers', async () => {
      const res = await request.options('/api/v1/fixture/notes').set('Origin', 'http://localhost:3000').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,x-csrf-token');
      expect(res.status).to.equal(204);
      expect(res.headers['access-control-allow-headers']).to.include('X-CSRF-Token');
      expect(res.headers['access-control-allow-methods']).to.include('PATCH');
    });
  });

  describe('bodies', () => {
    it('when a JSON POST has an empty body, then it reads as {} and validation speaks about the missing field', async () => {
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).set('Content-Type', 'application/json');
      expect(res.status).to.equal(422);
      expect(res.body.code).to.equal('LB-VAL-001');
      expect(res.body.detail).to.deep.include({ field: 'text', message: "'text' is required" });
    });
    it('when the body is malformed JSON, then 400 in the error shape', async () => {
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).set('Content-Type', 'application/json').send('{"text": ');
      expect(res.status).to.equal(400);
      expect(res.body).to.include({ code: 'LB-HTTP-001', status: 400 });
    });
    it('when the body exceeds the size limit, then 413', async () => {
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).set('Content-Type', 'application/json').send(JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }));
      expect(res.status).to.equal(413);
      expect(res.body.code).to.equal('LB-HTTP-002');
    });
    it('when the JSON is nested 10,000 levels deep, then 400 quickly', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const started = Date.now();
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).set('Content-Type', 'application/json').send(deep);
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('LB-HTTP-003');
      expect(Date.now() - started).to.be.below(1000);
    });
    it('when the body has properties the route does not declare, then 422 names them and nothing is written', async () => {
      const before = (await request.get('/api/v1/fixture/notes').set('X-Fixture-Org', org)).body.length;
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).send({ text: 'ok', organization_id: 'someone-else' });
      expect(res.status).to.equal(422);
      expect(JSON.stringify(res.body.detail)).to.include('organization_id');
      const after = (await request.get('/api/v1/fixture/notes').set('X-Fixture-Org', org)).body.length;
      expect(after).to.equal(before);
    });
    it('when a field breaks its constraint, then 422 lists {field, message}', async () => {
      const res = await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).send({ text: 'y'.repeat(201) });
      expect(res.status).to.equal(422);
      expect(res.body.detail[0].field).to.equal('text');
      expect(res.body.detail[0].message).to.be.a('string').and.not.empty;
    });
    it('when __proto__ is sent, then it pollutes nothing', async () => {
      await request.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).set('Content-Type', 'application/json').send('{"text":"p","__proto__":{"polluted":true}}');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('routing', () => {
    it('when the path is unknown, then 404 in the error shape with the request id', async () => {
      const res = await request.get('/api/v1/no/such/route');
      expect(res.status).to.equal(404);
      expect(res.body).to.include({ code: 'LB-HTTP-004', status: 404, detail: 'Not found' });
      expect(res.body.request_id).to.equal(res.headers['x-request-id']);
    });
    it('when the method is not one the path has, then 405 with Allow', async () => {
      const res = await request.delete('/api/v1/system/info');
      expect(res.status).to.equal(405);
      expect(res.headers.allow).to.equal('GET, HEAD');
      expect(res.body.code).to.equal('LB-HTTP-005');
      const withParam = await request.put('/api/v1/fixture/notes').set('X-Fixture-Org', org);
      expect(withParam.status).to.equal(405);
      expect(withParam.headers.allow).to.equal('GET, HEAD, POST');
    });
    it('when a trailing slash is added, then there is no redirect', async () => {
      const res = await request.get('/api/v1/system/info/');
      expect(res.status).to.be.oneOf([200, 404]);
      expect(res.headers).to.not.have.property('location');
    });
  });

  describe('failures', () => {
    it('when a route throws unexpectedly, then a generic 500 carries only a message and the request id, and the log has no SQL or stack', async () => {
      const cap = captureLogger();
      const app = appWithLogger(kernel, cap.logger);
      const res = await supertest(app).get('/api/v1/fixture/boom').set('X-Fixture-Org', org);
      expect(res.status).to.equal(500);
      expect(Object.keys(res.body).sort()).to.deep.equal(['code', 'detail', 'request_id', 'status']);
      expect(res.body).to.include({ detail: 'Internal server error', code: 'LB-SYS-001' });
      expect(JSON.stringify(res.body)).to.not.include('SELECT');
      const logged = cap.text();
      expect(logged).to.include('unhandled error');
      expect(logged).to.not.match(/\n\s+at /);
      expect(logged).to.not.include('"stack"');
    });
  });

  describe('access log', () => {
    it('when requests carry cookies, tokens, passwords and query secrets, then none of them reach the log', async () => {
      const cap = captureLogger('trace');
      const app = appWithLogger(kernel, cap.logger);
      await supertest(app).post('/api/v1/fixture/notes?token=query-secret-sentinel')
        .set('Cookie', 'access_token=cookie-secret-sentinel')
        .set('Authorization', 'Bearer bearer-secret-sentinel')
        .set('X-Fixture-Org', org)
        .send({ text: 'body-secret-sentinel', password: 'password-sentinel' });
      const text = cap.text();
      expect(text).to.include('"path":"/api/v1/fixture/notes"');
      for (const s of ['query-secret-sentinel', 'cookie-secret-sentinel', 'bearer-secret-sentinel', 'body-secret-sentinel', 'password-sentinel']) expect(text).to.not.include(s);
      const line = cap.lines().find((l) => l.msg === 'request');
      expect(line).to.include.keys('reqId', 'method', 'path', 'status', 'ms');
    });
  });
});
