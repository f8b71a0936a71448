import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { startServerProcess, type ServerProcess } from '../support/processes';
import { ORGANIZATION_BODY, OWNER_BODY, wizardPost } from '../core/onboarding/wizard-server';
import { asSpa, jarFrom } from '../core/identity/support/members';

const EMBEDDED = { DB_HOST: '', REDIS_HOST: '', ENVIRONMENT: 'development', LOG_LEVEL: 'info', SECRET_KEY: '', ENCRYPTION_KEY: '', ENCRYPTION_SALT: '', AUDIT_LOG_SIGNING_KEY: '' };
const ORG = '22222222-3333-4444-8555-666666666666';

describe('smoke: the embedded default (SQLite + in-process cache, no secrets configured)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let server: ServerProcess;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-smoke-'));
    server = await startServerProcess({ ...EMBEDDED, DATA_DIR: dataDir });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when it starts, then the database file, migrations and generated secrets are in the data folder and /health is healthy', async () => {
    expect(fs.existsSync(path.join(dataDir, 'logbook.sqlite'))).to.equal(true);
    expect(fs.statSync(path.join(dataDir, 'dev-secrets.json')).mode & 0o777).to.equal(0o600);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.include({ status: 'healthy', ready: true, checks: { database: 'connected', redis: 'not_configured' } });
    const db = await (await fetch(`${server.url}/health/db`)).json() as Record<string, unknown>;
    expect(db).to.include({ status: 'ok', backend: 'sqlite' });
    // After it is ready, one line says what a password hash costs here (and how to tune it when it is cheap).
    let costLine: Record<string, unknown> | undefined;
    for (let waited = 0; !costLine && waited < 5_000; waited += 50) {
      costLine = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => typeof l.msg === 'string' && l.msg.startsWith('password hashing'));
      if (!costLine) await new Promise((r) => setTimeout(r, 50));
    }
    expect(costLine, server.output().slice(-2000)).to.include({ memoryKib: 19456, timeCost: 2, goalMs: 35 });
  });

  it('when the docs are opened, then Swagger UI renders', async () => {
    const res = await fetch(`${server.url}/docs/`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('swagger-ui');
  });

  it('when a module writes and reads through its routes, then SQLite serves it (including the Redis-free counter)', async () => {
    const created = await fetch(`${server.url}/api/v1/fixture/notes`, { method: 'POST', headers: { 'X-Fixture-Org': ORG, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'ladder 3' }) });
    expect(created.status).to.equal(201);
    const list = await (await fetch(`${server.url}/api/v1/fixture/notes`, { headers: { 'X-Fixture-Org': ORG } })).json() as Array<{ text: string }>;
    expect(list.map((n) => n.text)).to.deep.equal(['ladder 3']);
    const counter = await fetch(`${server.url}/api/v1/fixture/counter`, { method: 'POST', headers: { 'X-Fixture-Org': ORG } });
    expect(await counter.json()).to.deep.equal({ count: 1 });
  });

  it('when the server restarts, then the same secrets and data are used (nothing becomes unreadable)', async () => {
    const before = fs.readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8');
    expect(await server.stop()).to.equal(0);
    server = await startServerProcess({ ...EMBEDDED, DATA_DIR: dataDir });
    expect(fs.readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')).to.equal(before);
    const list = await (await fetch(`${server.url}/api/v1/fixture/notes`, { headers: { 'X-Fixture-Org': ORG } })).json() as Array<{ text: string }>;
    expect(list.map((n) => n.text)).to.deep.equal(['ladder 3']);
  });

  it('when the owner is onboarded and signs in, then login, /auth/me, refresh and logout all work on SQLite', async () => {
    const started = await wizardPost(server.url, 'start', null);
    expect(started.status, JSON.stringify(started.body)).to.equal(200);
    const session = { sessionId: started.body.session_id as string, csrfToken: started.body.csrf_token as string };
    expect((await wizardPost(server.url, 'session/organization', session, ORGANIZATION_BODY)).status).to.equal(200);
    expect((await wizardPost(server.url, 'system-owner', session, OWNER_BODY)).status).to.equal(200);

    const wrong = await supertest(server.url).post('/api/v1/auth/login').send({ username: OWNER_BODY.username, password: 'not the password at all' });
    expect([wrong.status, wrong.body.code]).to.deep.equal([401, 'LB-AUTH-002']);
    const login = await supertest(server.url).post('/api/v1/auth/login').send({ username: OWNER_BODY.username, password: OWNER_BODY.password });
    expect(login.status, JSON.stringify(login.body)).to.equal(200);
    expect(login.body.user).to.include({ username: OWNER_BODY.username, first_name: 'Dana', timezone: 'America/Chicago', is_active: true });
    expect(login.body.user.roles).to.include('it_manager');
    let jar = jarFrom(login);
    const me = await asSpa(supertest(server.url).get('/api/v1/auth/me'), jar);
    expect([me.status, me.body.id]).to.deep.equal([200, login.body.user.id]);

    const refreshed = await asSpa(supertest(server.url).post('/api/v1/auth/refresh'), jar);
    expect(refreshed.status, JSON.stringify(refreshed.body)).to.equal(200);
    jar = jarFrom(refreshed, jar);
    const out = await asSpa(supertest(server.url).post('/api/v1/auth/logout'), jar);
    expect(out.status).to.equal(200);
    expect((await asSpa(supertest(server.url).get('/api/v1/auth/me'), jar)).status).to.equal(401);
  });

  it('when production is asked for with weak secrets, then the server refuses to start and says why', async () => {
    let error: unknown;
    try {
      await startServerProcess({ ...EMBEDDED, DATA_DIR: dataDir, ENVIRONMENT: 'production', SECRET_KEY: 'short' }, 20_000);
    } catch (err) { error = err; }
    const message = (error as Error).message;
    expect(message).to.match(/exited with 1 before listening/);
    expect(message).to.match(/config error: SECRET_KEY: must be at least 32 characters/);
    expect(message).to.match(/config error: ENCRYPTION_KEY: required in production/);
    expect(message).to.not.match(/\n\s+at /);
  });
});
