import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import supertest from 'supertest';
import { expect } from 'chai';
import { edge } from '../../../core/http/edge';
import { captureLogger } from '../../support/log-capture';

/** A bare app with only the edge middleware, answering `status` for every path. */
function appLogging(logger: ReturnType<typeof captureLogger>['logger'], status: number, behindProxies = false) {
  const app = express();
  app.set('trust proxy', behindProxies ? ['loopback'] : false);
  app.use(edge({ logger, allowedOrigins: [], behindProxies, apiPaths: ['/api/v1'], maxBodyBytes: 1024, maxJsonDepth: 8 }));
  app.use((_req, res) => { res.status(status).json({ ok: true }); });
  return app;
}

describe('access log line (one per request, pino)', () => {
  it('when a request is answered, then the line has exactly the shape pino writes for the same fields (level label, ISO time, bindings, msg)', async () => {
    const ours = captureLogger('info');
    await supertest(appLogging(ours.logger, 200)).get('/api/v1/things?token=x').set('X-Request-ID', 'req-12345678');
    const reference = captureLogger('info');
    reference.logger.info({ reqId: 'req-12345678', method: 'GET', path: '/api/v1/things', status: 200, ms: 0.5, ip: '::ffff:127.0.0.1' }, 'request');

    const [line] = ours.lines();
    const [expected] = reference.lines();
    expect(Object.keys(line)).to.deep.equal(Object.keys(expected));
    expect(line).to.deep.include({ level: 'info', app: 'test', env: 'test', reqId: 'req-12345678', method: 'GET', path: '/api/v1/things', status: 200, msg: 'request' });
    expect(line.ip).to.be.a('string').and.match(/127\.0\.0\.1/);
    expect(new Date(String(line.time)).toISOString()).to.equal(line.time);
    expect(line.ms).to.be.a('number').and.at.least(0);
  });

  it('when the path holds quotes, backslashes and escapes, then the line is still one valid JSON object with the path as sent', async () => {
    const cap = captureLogger('info');
    const server = appLogging(cap.logger, 404).listen(0, '127.0.0.1');
    try {
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      // Sent raw (a client library would percent-encode it): what a hostile client can put in a path.
      const raw = '/a"b\\c%0A"}\\u2028{"x":1';
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: raw }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
      });
      expect(cap.text().split('\n').filter(Boolean)).to.have.length(1);
      const [line] = cap.lines();
      expect(line).to.include({ level: 'warn', status: 404, path: raw });
      expect(line).to.not.have.property('x');
    } finally {
      server.close();
    }
  });

  it('when the status is 5xx or 4xx, then the level is error or warn, and a level switched off writes nothing', async () => {
    const cap = captureLogger('info');
    await supertest(appLogging(cap.logger, 503)).get('/x');
    await supertest(appLogging(cap.logger, 422)).get('/y');
    expect(cap.lines().map((l) => [l.level, l.status])).to.deep.equal([['error', 503], ['warn', 422]]);

    const quiet = captureLogger('info');
    quiet.logger.level = 'error';
    await supertest(appLogging(quiet.logger, 200)).get('/z');
    await supertest(appLogging(quiet.logger, 404)).get('/z');
    expect(quiet.text()).to.equal('');
  });
});

describe('access log client address', () => {
  it('when no proxy is trusted, then the line names the socket address and ignores X-Forwarded-For', async () => {
    const cap = captureLogger('info');
    await supertest(appLogging(cap.logger, 200)).get('/a').set('X-Forwarded-For', '203.0.113.7');
    expect(cap.lines()[0].ip).to.match(/127\.0\.0\.1$/);
  });

  it('when proxies are trusted, then the line names the address the proxy forwarded', async () => {
    const cap = captureLogger('info');
    await supertest(appLogging(cap.logger, 200, true)).get('/a').set('X-Forwarded-For', '203.0.113.7');
    expect(cap.lines()[0].ip).to.equal('203.0.113.7');
  });
});
