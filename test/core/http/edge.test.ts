import express from 'express';
import supertest from 'supertest';
import { expect } from 'chai';
import { edge, isUnder } from '../../../core/http/edge';
import { captureLogger } from '../../support/log-capture';

const ORIGIN = 'http://spa.example';

function app() {
  const a = express();
  a.use(edge({ logger: captureLogger('info').logger, allowedOrigins: [ORIGIN], behindProxies: false, apiPaths: ['/api/v1', '/health'], maxBodyBytes: 64, maxJsonDepth: 4 }));
  a.all('/{*any}', (req, res) => { res.json({ body: req.body ?? null }); });
  a.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => { res.status(err.status ?? 500).json({ failed: true }); });
  return supertest(a);
}

describe('edge middleware (request id, access log, CORS, API headers, JSON body in one layer)', () => {
  it('isUnder matches a prefix as app.use does: itself, below it, any letter case, never a longer segment', () => {
    expect(isUnder('/api/v1', '/api/v1')).to.equal(true);
    expect(isUnder('/api/v1/auth/me', '/api/v1')).to.equal(true);
    expect(isUnder('/API/V1/auth/me', '/api/v1')).to.equal(true);
    expect(isUnder('/api/v10', '/api/v1')).to.equal(false);
    expect(isUnder('/api', '/api/v1')).to.equal(false);
    expect(isUnder('/docs', '/api/v1')).to.equal(false);
  });

  it('when a request is under an API path in any letter case, then it carries the security headers; elsewhere it does not', async () => {
    for (const path of ['/api/v1/x', '/API/v1/x', '/health', '/health/live']) {
      const res = await app().get(path);
      expect(res.headers['cache-control'], path).to.equal('no-store');
      expect(res.headers['strict-transport-security'], path).to.match(/max-age=/);
    }
    const other = await app().get('/docs');
    expect(other.headers).to.not.have.property('strict-transport-security');
    expect(other.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('when a request comes from the allowed origin, then CORS headers are set; a preflight is answered without reaching routes', async () => {
    const res = await app().get('/api/v1/x').set('Origin', ORIGIN);
    expect(res.headers['access-control-allow-origin']).to.equal(ORIGIN);
    expect(res.headers.vary).to.equal('Origin');
    const pre = await app().options('/api/v1/x').set('Origin', ORIGIN).set('Access-Control-Request-Method', 'POST');
    expect(pre.status).to.equal(204);
    expect(pre.headers['access-control-allow-methods']).to.include('POST');
    expect(pre.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    const stranger = await app().get('/api/v1/x').set('Origin', 'http://evil.example');
    expect(stranger.headers).to.not.have.property('access-control-allow-origin');
  });

  it('when a JSON body is posted, then it is parsed; over the size limit it is refused; GET bodies are not read', async () => {
    expect((await app().post('/api/v1/x').send({ a: 1 })).body).to.deep.equal({ body: { a: 1 } });
    expect((await app().post('/api/v1/x').set('Content-Type', 'application/json')).body).to.deep.equal({ body: {} });
    expect((await app().post('/api/v1/x').send({ a: 'x'.repeat(100) })).status).to.equal(413);
    expect((await app().get('/api/v1/x').set('Content-Type', 'application/json').send('{"a":1}')).body).to.deep.equal({ body: null });
  });
});
