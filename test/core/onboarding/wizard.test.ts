import { expect } from 'chai';
import supertest from 'supertest';
import { adminConnection } from '../../support/mysql-admin';
import { freePort } from '../../support/private-services';
import { mailText, startTestSmtp } from '../../support/smtp';
import { cookieHeader, jarFrom, setCookies } from '../identity/support/members';
import { ORGANIZATION_BODY, OWNER_BODY, startWizardServer, wizardPost, type WizardServer, type WizardSession } from './wizard-server';

describe('onboarding wizard, end to end in the SPA order (a server on a fresh database)', function () {
  this.timeout(120_000);
  let w: WizardServer;
  let url: string;
  let session: WizardSession;

  before(async () => {
    w = await startWizardServer();
    url = w.server.url;
  });
  after(async () => { await w?.stop(); });

  async function start(): Promise<WizardSession> {
    const res = await wizardPost(url, 'start', null);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.headers['x-csrf-token']).to.equal(res.body.csrf_token);
    return { sessionId: res.body.session_id, csrfToken: res.body.csrf_token };
  }

  it('when nothing is set up, then status says onboarding is needed and start opens a session', async () => {
    const status = await supertest(url).get('/api/v1/onboarding/status');
    expect(status.status).to.equal(200);
    expect(status.body).to.include({ needs_onboarding: true, is_completed: false, organization_name: null });

    const res = await wizardPost(url, 'start', null);
    expect(res.status).to.equal(200);
    expect(res.body).to.have.all.keys('session_id', 'expires_at', 'csrf_token', 'message', 'current_step', 'steps');
    const minutes = (Date.parse(res.body.expires_at) - Date.now()) / 60_000;
    expect(minutes).to.be.within(29, 30.1);
    session = { sessionId: res.body.session_id, csrfToken: res.body.csrf_token };
  });

  it('when several starts race, then each gets a session or a clear 409, never a 500', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => wizardPost(url, 'start', null)));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 409]);
    expect(results.some((r) => r.status === 200)).to.equal(true);
  });

  it('when the session or its CSRF token is missing or wrong, then the step is refused with a clear code', async () => {
    const none = await wizardPost(url, 'session/organization', null, ORGANIZATION_BODY);
    expect([none.status, none.body.code]).to.deep.equal([401, 'LB-ONB-001']);
    const unknown = await wizardPost(url, 'session/organization', { sessionId: 'x'.repeat(43), csrfToken: session.csrfToken }, ORGANIZATION_BODY);
    expect([unknown.status, unknown.body.code]).to.deep.equal([401, 'LB-ONB-002']);
    const badCsrf = await wizardPost(url, 'session/organization', { sessionId: session.sessionId, csrfToken: 'nope' }, ORGANIZATION_BODY);
    expect([badCsrf.status, badCsrf.body.code]).to.deep.equal([403, 'LB-ONB-003']);
    const noCsrf = await supertest(url).post('/api/v1/onboarding/session/organization').set('X-Session-ID', session.sessionId).send(ORGANIZATION_BODY);
    expect(noCsrf.status).to.equal(403);

    // 30 minutes without a step: the session is gone (moved by hand instead of waiting).
    const db = await adminConnection();
    try {
      await db.query(`UPDATE \`${w.dbName}\`.onboarding_sessions SET expires_at = NOW(3) - INTERVAL 1 MINUTE`);
      const expired = await wizardPost(url, 'session/organization', session, ORGANIZATION_BODY);
      expect([expired.status, expired.body.code]).to.deep.equal([401, 'LB-ONB-002']);
      await db.query(`UPDATE \`${w.dbName}\`.onboarding_sessions SET expires_at = NOW(3) + INTERVAL 10 MINUTE`);
    } finally {
      await db.end();
    }
  });

  it('when the organization body is invalid, then 422 lists each field', async () => {
    const res = await wizardPost(url, 'session/organization', session, { ...ORGANIZATION_BODY, name: 'X', timezone: 'Mars/Olympus', founded_year: 1500, logo: 'data:text/html;base64,PGI+' });
    expect(res.status).to.equal(422);
    expect(res.body.code).to.equal('LB-VAL-001');
    const fields = (res.body.detail as Array<{ field: string }>).map((p) => p.field);
    expect(fields).to.include.members(['name', 'founded_year']);
    const second = await wizardPost(url, 'session/organization', session, { ...ORGANIZATION_BODY, timezone: 'Mars/Olympus', fdid: null, logo: 'data:text/html;base64,PGI+' });
    expect(second.status).to.equal(422);
    expect((second.body.detail as Array<{ field: string }>).map((p) => p.field)).to.include.members(['timezone', 'fdid', 'logo']);
  });

  it('when reset before completion, then the old session ends and a new start works', async () => {
    expect((await wizardPost(url, 'reset', session, {})).status).to.equal(200);
    expect((await wizardPost(url, 'session/organization', session, ORGANIZATION_BODY)).status).to.equal(401);
    session = await start();
  });

  it('when the organization step runs, then the org exists now, status still needs onboarding, and start is refused', async () => {
    const db = await adminConnection();
    const minutesLeft = async () => {
      const [rows] = await db.query(`SELECT MAX(expires_at) AS e FROM \`${w.dbName}\`.onboarding_sessions`);
      return (new Date((rows as Array<{ e: Date }>)[0].e).getTime() - Date.now()) / 60_000;
    };
    await db.query(`UPDATE \`${w.dbName}\`.onboarding_sessions SET expires_at = NOW(3) + INTERVAL 5 MINUTE`);
    expect(await minutesLeft()).to.be.below(6);
    const res = await wizardPost(url, 'session/organization', session, ORGANIZATION_BODY);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    // Sliding expiry: an accepted step gives the session its 30 minutes again.
    expect(await minutesLeft()).to.be.above(29);
    await db.end();
    expect(res.body).to.include({ name: ORGANIZATION_BODY.name, slug: 'maple-ridge-fire-department', organization_type: 'fire_ems_combined', timezone: 'America/Chicago', active: true });
    expect(res.body.created_at).to.match(/Z$/);

    const status = await supertest(url).get('/api/v1/onboarding/status');
    expect(status.body).to.include({ needs_onboarding: true, organization_name: ORGANIZATION_BODY.name });
    const again = await wizardPost(url, 'start', null);
    expect([again.status, again.body.code]).to.deep.equal([403, 'LB-ONB-005']);
  });

  let jar: Record<string, string> = {};

  it('when the remaining steps run in the SPA order, then each succeeds and the owner is signed in with the three cookies', async () => {
    const steps: Array<[string, unknown]> = [
      ['session/stations', { stations: [{ name: 'Station 1', station_number: '1', address: '1 Engine Way', city: 'Maple Ridge', state: 'IL', zip_code: '60000' }] }],
      ['session/apparatus', { apparatus: [{ unit_number: 'E1', name: 'Engine 1', apparatus_type: 'engine', min_staffing: 4, positions: ['driver', 'officer'] }] }],
      ['session/department', { name: ORGANIZATION_BODY.name, navigation_layout: 'left' }],
      ['session/email', { platform: 'selfhosted', config: { smtpHost: 'mail.example.org', smtpPort: 587, smtpPassword: 'mail-secret-123' } }],
      ['session/file-storage', { platform: 'local', config: {} }],
      ['session/auth', { platform: 'local' }],
    ];
    for (const [path, body] of steps) {
      const res = await wizardPost(url, path, session, body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
      expect(res.body.success).to.equal(true);
    }
    const owner = await wizardPost(url, 'system-owner', session, OWNER_BODY);
    expect(owner.status, JSON.stringify(owner.body)).to.equal(200);
    expect(owner.body).to.include({ username: OWNER_BODY.username, email: OWNER_BODY.email, first_name: 'Dana', last_name: 'Whitfield', membership_number: '001', status: 'active', authenticated: true });
    const cookies = setCookies(owner);
    expect(cookies).to.have.all.keys('access_token', 'refresh_token', 'csrf_token');
    expect(cookies.refresh_token).to.match(/Path=\/api\/v1\/auth\//);
    expect(cookies.access_token).to.match(/HttpOnly/).and.match(/SameSite=Strict/);
    jar = jarFrom(owner);

    const me = await supertest(url).get('/api/v1/auth/me').set('Cookie', cookieHeader(jar));
    expect(me.status).to.equal(200);
    expect(me.body.username).to.equal(OWNER_BODY.username);
    expect(me.body.permissions).to.include('*');
  });

  it('when it-team, positions and modules are sent (with the auth cookies present), then they are saved', async () => {
    // After system-owner the browser also sends the auth cookies; the wizard's token still rules (§1.2).
    const withCookies = (path: string, body: unknown) => wizardPost(url, path, session, body).set('Cookie', cookieHeader(jar));
    const it = await withCookies('session/it-team', { it_team: [{ name: 'Sam Ortiz', email: 'sam@example.org', phone: '555-0101', role: 'IT lead' }], backup_access: { email: 'backup@example.org', phone: '555-0102' } });
    expect(it.status, JSON.stringify(it.body)).to.equal(200);

    const positions = await withCookies('session/positions', { positions: [
      { id: 'it_manager', name: 'IT Manager', description: 'Runs the system', priority: 100, permissions: { settings: { view: true, manage: true } }, is_custom: false },
      { id: 'driver_operator', name: 'Driver/Operator', description: 'Drives', priority: 40, permissions: { training: { view: true, manage: false }, scheduling: { view: true, manage: true } }, is_custom: true },
    ] });
    expect(positions.status, JSON.stringify(positions.body)).to.equal(200);
    expect(positions.body.created).to.deep.equal(['driver_operator']);
    expect(positions.body.updated).to.deep.equal(['it_manager']);
    expect(positions.body.total_positions).to.be.greaterThan(30);

    const modules = await withCookies('session/modules', { modules: ['training', 'scheduling', 'medical-supplies', 'positions', 'settings', 'elections'] });
    expect(modules.status, JSON.stringify(modules.body)).to.equal(200);
  });

  it('when the mail test runs with the email step\'s SMTP settings, then one message reaches the local server, and failures say what to fix without secrets', async () => {
    const smtp = await startTestSmtp();
    try {
      const config = { smtpHost: '127.0.0.1', smtpPort: String(smtp.port), smtpEncryption: 'none', fromEmail: 'alerts@mapleridge.example.org', fromName: 'Maple Ridge FD' };
      const ok = await wizardPost(url, 'test/email', session, { platform: 'selfhosted', config });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body).to.include({ success: true });
      expect(ok.body.message).to.be.a('string');
      expect(ok.body.details).to.deep.equal({ host: '127.0.0.1', port: smtp.port, encryption: 'none', recipient: 'alerts@mapleridge.example.org' });
      const mail = await smtp.waitFor('alerts@mapleridge.example.org');
      expect(mail.from).to.equal('alerts@mapleridge.example.org');
      expect(mailText(mail)).to.include('can send mail with these settings');
      expect(smtp.messages).to.have.length(1);

      const secret = 'sentinel-smtp-secret-4471';
      const closed = await freePort();
      const bad = await wizardPost(url, 'test/email', session, { platform: 'selfhosted', config: { ...config, smtpPort: String(closed), smtpUsername: 'mailer', smtpPassword: secret } });
      expect(bad.status, JSON.stringify(bad.body)).to.equal(200);
      expect(bad.body).to.have.all.keys('success', 'message');
      expect(bad.body.success).to.equal(false);
      expect(bad.body.message).to.match(/connect/i);
      expect(JSON.stringify(bad.body)).to.not.include(secret).and.not.match(/ECONNREFUSED|127\.0\.0\.1/);
      expect(w.server.output()).to.not.include(secret);

      const oauth = await wizardPost(url, 'test/email', session, { platform: 'microsoft', config: { fromEmail: 'alerts@mapleridge.example.org', microsoftClientSecret: secret } });
      expect(oauth.status).to.equal(200);
      expect(oauth.body.success).to.equal(false);
      expect(JSON.stringify(oauth.body)).to.not.include(secret);

      const noFrom = await wizardPost(url, 'test/email', session, { platform: 'selfhosted', config: { smtpHost: '127.0.0.1', smtpPort: String(smtp.port) } });
      expect(noFrom.body).to.deep.equal({ success: false, message: 'Enter a valid from email address to test the settings' });

      expect((await wizardPost(url, 'test/email', null, { platform: 'selfhosted', config })).status).to.equal(401);
      expect((await wizardPost(url, 'test/email', { ...session, csrfToken: 'wrong' }, { platform: 'selfhosted', config })).status).to.equal(403);
      expect(smtp.messages).to.have.length(1);

      // A test saves nothing: the step's stored settings are as they were, and no step was recorded.
      const status = await supertest(url).get('/api/v1/onboarding/status');
      expect(status.body.steps_completed).to.not.include('email_test');
      const db = await adminConnection();
      try {
        const [rows] = await db.query(`SELECT outcome, COUNT(*) AS n FROM \`${w.dbName}\`.audit_logs WHERE event_type = 'onboarding.email-tested' GROUP BY outcome ORDER BY outcome`);
        expect(rows).to.deep.equal([{ outcome: 'failure', n: 3 }, { outcome: 'success', n: 1 }]);
        const [orgs] = await db.query(`SELECT settings FROM \`${w.dbName}\`.organizations`);
        const settings = JSON.stringify((orgs as Array<{ settings: unknown }>)[0].settings);
        expect(settings).to.include('mail.example.org').and.not.include('alerts@mapleridge.example.org');
      } finally {
        await db.end();
      }
    } finally {
      await smtp.stop();
    }
  });

  it('when completed, then status says done, branding reports the name, and the chosen modules are on', async () => {
    const res = await wizardPost(url, 'complete', session, {});
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.have.all.keys('message', 'organization', 'admin_user', 'completed_at', 'next_steps');
    expect(res.body.admin_user.username).to.equal(OWNER_BODY.username);

    const status = await supertest(url).get('/api/v1/onboarding/status');
    expect(status.body).to.include({ needs_onboarding: false, is_completed: true, organization_name: ORGANIZATION_BODY.name });
    const branding = await supertest(url).get('/api/v1/auth/branding');
    expect(branding.body.name).to.equal(ORGANIZATION_BODY.name);

    const modules = await supertest(url).get('/api/v1/organization/modules').set('Cookie', cookieHeader(jar));
    expect(modules.status).to.equal(200);
    expect(modules.body.module_settings).to.include({ medical_supplies: true, elections: true, inventory: false });

    // Mail credentials and IT contacts are ciphertext at rest; the wizard's sessions are gone.
    const db = await adminConnection();
    try {
      const [orgs] = await db.query(`SELECT settings FROM \`${w.dbName}\`.organizations`);
      const stored = JSON.stringify(orgs);
      expect(stored).to.not.include('mail-secret-123').and.not.include('sam@example.org');
      expect(stored).to.include('mail.example.org');
      const [sessions] = await db.query(`SELECT COUNT(*) AS n FROM \`${w.dbName}\`.onboarding_sessions`);
      expect(Number((sessions as Array<{ n: number }>)[0].n)).to.equal(0);
      // Every step left an audit entry.
      const [events] = await db.query(`SELECT DISTINCT event_type AS t FROM \`${w.dbName}\`.audit_logs WHERE event_type LIKE 'onboarding.%'`);
      expect((events as Array<{ t: string }>).map((e) => e.t)).to.include.members([
        'onboarding.started', 'onboarding.step.organization', 'onboarding.step.stations', 'onboarding.step.apparatus', 'onboarding.step.department',
        'onboarding.step.email', 'onboarding.step.file_storage', 'onboarding.step.auth', 'onboarding.step.system_owner', 'onboarding.step.it_team',
        'onboarding.step.positions', 'onboarding.step.modules', 'onboarding.step.reset', 'onboarding.completed',
      ]);
    } finally {
      await db.end();
    }

    const login = await supertest(url).post('/api/v1/auth/login').send({ username: OWNER_BODY.username, password: OWNER_BODY.password });
    expect(login.status).to.equal(200);
  });

  it('when onboarding is complete, then every step, start and reset are refused', async () => {
    const bodies: Record<string, object> = { 'session/stations': { stations: [] }, 'session/modules': { modules: [] }, 'test/email': { platform: 'selfhosted', config: {} } };
    for (const path of ['session/stations', 'session/modules', 'test/email', 'complete', 'reset']) {
      const res = await wizardPost(url, path, session, bodies[path] ?? {});
      expect([res.status, res.body.code], path).to.deep.equal([400, 'LB-ONB-004']);
    }
    const start = await wizardPost(url, 'start', null);
    expect([start.status, start.body.code]).to.deep.equal([400, 'LB-ONB-004']);
  });
});
