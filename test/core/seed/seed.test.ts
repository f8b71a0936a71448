import { expect } from 'chai';
import mysql from 'mysql2/promise';
import supertest from 'supertest';
import { QueryTypes } from 'sequelize';
import type { Kernel } from '../../../core/kernel/kernel';
import { AuditService } from '../../../core/audit/audit.service';
import { chainIdFor } from '../../../core/audit/audit-entry';
import { loadOrCreateDevSecrets } from '../../../core/config/dev-secrets';
import { User } from '../../../core/identity/models/user.model';
import { DEMO_ADMIN_USERNAME, DEMO_SLUG, newDemoAdminPassword, seedDemoDepartment, type DemoSeedResult } from '../../../core/seed/demo-department';
import { seedScale } from '../../../core/seed/scale-seed';
import type { SeedProgress } from '../../../core/seed/seed.types';
import { getTestKernel } from '../../support/kernel';
import { runCli } from '../../support/processes';
import { TEST_DATA_DIR, TEST_ENV, TEST_RUN_ID } from '../../support/env';
import { app, asSpa, jarFrom, resetLoginThrottles, type CookieJar } from '../identity/support/members';
import { runCli as runCliInProcess } from '../../../core/cli/main';
import { expectOneLineError, type CliResult } from '../cli/cli-helpers';

const silent: SeedProgress = { plan: () => undefined, tick: () => undefined };

/**
 * The CLI in this process, its output captured: for refusals that happen before anything boots, a
 * ts-node start per case would cost seconds each (the production run below goes through a real process).
 */
async function cliHere(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const writes = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    const code = await runCliInProcess(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

/** Rows per table (every table but the migrations bookkeeping) and every audit chain head. */
async function snapshot(kernel: Kernel): Promise<{ counts: Record<string, number>; heads: string[] }> {
  const q = <T extends object>(sql: string) => kernel.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const tables = await q<{ t: string }>("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'schema_migrations' ORDER BY 1");
  const counts: Record<string, number> = {};
  for (const { t } of tables) counts[t] = Number((await q<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${t}\``))[0].n);
  const heads = (await q<{ chain_id: string; last_seq: number; last_hash: string }>('SELECT chain_id, last_seq, last_hash FROM audit_chain_heads ORDER BY chain_id'))
    .map((h) => `${h.chain_id}:${h.last_seq}:${h.last_hash}`);
  return { counts, heads };
}

describe('logbook seed', function () {
  this.timeout(120_000);
  let kernel: Kernel;

  before(async () => {
    kernel = await getTestKernel();
  });

  describe('--demo', () => {
    let first: DemoSeedResult;

    before(async () => {
      first = await seedDemoDepartment(kernel, silent);
    });

    it('when run on a new installation, then it creates the organization, 40 varied members and each module\'s data, and shows the admin password once', async () => {
      expect(first.organization).to.include({ slug: DEMO_SLUG, created: true });
      expect(first.admin.username).to.equal(DEMO_ADMIN_USERNAME);
      expect(first.admin.temporaryPassword).to.match(/^[A-Za-z0-9]{20}$/);
      expect(first.members).to.deep.equal({ total: 40, created: 40 });
      const byModule = Object.fromEntries(first.modules.map((m) => [m.module, m]));
      expect(byModule.training.enabled).to.equal(true);
      expect(byModule.training.created).to.include({ categories: 6, courses: 12, requirements: 7, waivers: 2 });
      expect(byModule.training.created.records).to.be.greaterThan(400);
      expect(byModule.scheduling.created).to.include({ templates: 2, patterns: 4 });
      expect(byModule.scheduling.created.shifts).to.be.greaterThan(140);
      expect(byModule.scheduling.created.assignments).to.be.greaterThan(400);
      expect(byModule.scheduling.created.swaps).to.be.greaterThan(0);
      expect(byModule.scheduling.created.time_off).to.be.greaterThan(0);

      const members = await User.findAll({ where: { organizationId: first.organization.id }, attributes: ['status', 'membershipType', 'rank'], raw: true });
      expect(members).to.have.length(41);
      expect(new Set(members.map((m) => m.status)).size).to.be.at.least(5);
      expect(new Set(members.map((m) => m.membershipType)).size).to.be.at.least(5);
      expect(new Set(members.map((m) => m.rank)).size).to.be.at.least(8);
    });

    it('when the demo admin signs in, then the training and scheduling pages have data', async () => {
      await resetLoginThrottles();
      const http = supertest(await app());
      const login = await http.post('/api/v1/auth/login').send({ username: DEMO_ADMIN_USERNAME, password: first.admin.temporaryPassword });
      expect(login.status, JSON.stringify(login.body)).to.equal(200);
      let jar: CookieJar = jarFrom(login);
      // The temporary password must be replaced before anything else answers.
      expect((await asSpa(http.get('/api/v1/training/courses'), jar)).status).to.equal(403);
      const changed = await asSpa(http.post('/api/v1/auth/change-password'), jar).send({ current_password: first.admin.temporaryPassword, new_password: 'harbor lantern quietly 77 ridge' });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
      jar = jarFrom(changed, jar);
      const get = async (path: string) => {
        const res = await asSpa(http.get(`/api/v1${path}`), jar);
        expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).to.equal(200);
        return res.body as unknown;
      };
      expect(await get('/users')).to.have.length(41);
      expect(await get('/training/records')).to.have.length.greaterThan(400);
      const expiring = await get('/training/expiring-certifications?days=90') as Array<{ status: string }>;
      expect(expiring.map((e) => e.status)).to.include.members(['expired', 'expiring_soon']);
      const dashboard = await get('/training/dashboard-summary') as { total_members: number; status_counts: Record<string, number> };
      expect(dashboard.total_members).to.be.greaterThan(25);
      expect(dashboard.status_counts.green + dashboard.status_counts.yellow + dashboard.status_counts.red).to.be.greaterThan(20);
      const week = await get('/scheduling/calendar/week') as Array<{ attendee_count: number }>;
      expect(week.length).to.be.greaterThan(2);
      // Next month lies wholly inside the three staffed months: a 24/48 rotation fills every day.
      const today = new Date();
      const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
      const month = await get(`/scheduling/calendar/month?year=${next.getUTCFullYear()}&month=${next.getUTCMonth() + 1}`) as Array<{ attendee_count: number; platoon: string | null }>;
      expect(month.filter((s) => s.platoon).length).to.be.at.least(28);
      expect(month.filter((s) => s.attendee_count >= 4).length).to.be.at.least(28);
      const swaps = await get('/scheduling/swap-requests') as { items: Array<{ status: string }> };
      expect(swaps.items.map((s) => s.status)).to.include.members(['approved', 'pending', 'denied']);
      const timeOff = await get('/scheduling/time-off') as { items: unknown[] };
      expect(timeOff.items.length).to.be.greaterThan(2);
      // The administrator's own pages too: their training, and the shift they took over by a swap.
      const mine = await get('/training/module-config/my-training') as { training_records: unknown[] };
      expect(mine.training_records.length).to.be.greaterThan(0);
      const myShifts = await get('/scheduling/my-shifts') as { shifts: unknown[] };
      expect(myShifts.shifts).to.have.length(1);
    });

    it('then members\' personal fields and waiver reasons are encrypted at rest', async () => {
      const [user] = await kernel.db.sequelize.query<{ mobile: string }>('SELECT mobile FROM users WHERE organization_id = ? AND mobile IS NOT NULL LIMIT 1', { replacements: [first.organization.id], type: QueryTypes.SELECT });
      expect(user.mobile).not.to.match(/^555-/);
      const [waiver] = await kernel.db.sequelize.query<{ reason: string }>('SELECT reason FROM training_waivers WHERE organization_id = ? LIMIT 1', { replacements: [first.organization.id], type: QueryTypes.SELECT });
      expect(waiver.reason).not.to.contain('leave').and.not.to.contain('surgery');
    });

    it('when run a second time, then no table gains or loses a row and no audit chain moves', async () => {
      const before = await snapshot(kernel);
      const again = await seedDemoDepartment(kernel, silent);
      expect(again.unchanged).to.equal(true);
      expect(again.admin.temporaryPassword).to.equal(null);
      expect(again.organization.created).to.equal(false);
      expect(await snapshot(kernel)).to.deep.equal(before);
    });

    it('then the organization\'s audit chain verifies', async () => {
      const report = await kernel.container.get(AuditService).verify({ chainIds: [chainIdFor(first.organization.id)] });
      expect(report.problems).to.deep.equal([]);
      expect(report.intact).to.equal(true);
      expect(report.total_checked).to.be.greaterThan(1000);
    });

    it('when the printed password was lost, then --new-admin-password issues another temporary one', async () => {
      const { temporaryPassword } = await newDemoAdminPassword(kernel);
      expect(temporaryPassword).to.match(/^[A-Za-z0-9]{20}$/);
      await resetLoginThrottles();
      const res = await supertest(await app()).post('/api/v1/auth/login').send({ username: DEMO_ADMIN_USERNAME, password: temporaryPassword });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((res.body as { user: { must_change_password: boolean } }).user.must_change_password).to.equal(true);
    });
  });

  describe('--scale', () => {
    it('when asked for 20 members, then it bulk-writes them with 100 training records each, one seed.batch audit event per batch', async () => {
      const r = await seedScale(kernel, 20, silent);
      expect(r.members).to.equal(20);
      expect(r.rows).to.deep.equal({ users: 20, user_positions: 20, training_records: 2000 });
      expect(r.recordsPerSecond).to.be.greaterThan(0);
      const events = await kernel.db.sequelize.query<{ event_data: unknown }>("SELECT event_data FROM audit_logs WHERE organization_id = ? AND event_type = 'seed.batch'", { replacements: [r.organization.id], type: QueryTypes.SELECT });
      expect(events).to.have.length(r.batches);
      const data = events.map((e) => (typeof e.event_data === 'string' ? JSON.parse(e.event_data) : e.event_data) as { table: string; rows: number });
      expect(data.reduce((n, d) => n + d.rows, 0)).to.equal(2040);
      const [user] = await kernel.db.sequelize.query<{ mobile: string }>('SELECT mobile FROM users WHERE organization_id = ? LIMIT 1', { replacements: [r.organization.id], type: QueryTypes.SELECT });
      expect(user.mobile).not.to.match(/^555-/);
      const decrypted = await User.findOne({ where: { organizationId: r.organization.id, membershipNumber: 'S-0' } });
      expect(decrypted!.mobile).to.equal('555-0000');
      expect((await kernel.container.get(AuditService).verify({ chainIds: [chainIdFor(r.organization.id)] })).intact).to.equal(true);
    });
  });

  describe('the command line', () => {
    it('when the arguments are wrong or production is not forced, then one line and exit code 2', async () => {
      const zero = await cliHere(['seed', '--scale', '0']);
      const word = await cliHere(['seed', '--scale', 'abc']);
      const both = await cliHere(['seed', '--demo', '--scale', '3']);
      const neither = await cliHere(['seed']);
      const production = await cliHere(['seed', '--scale', '2'], { ENVIRONMENT: 'production' });
      const misplaced = await cliHere(['seed', '--scale', '2', '--new-admin-password']);
      expectOneLineError(zero, 2, /--scale.*'0' is invalid.*whole number/);
      expectOneLineError(word, 2, /--scale.*'abc' is invalid/);
      expectOneLineError(both, 2, /exactly one of --demo or --scale/);
      expectOneLineError(neither, 2, /exactly one of --demo or --scale/);
      expectOneLineError(production, 2, /refusing to seed a production installation.*--force/);
      expectOneLineError(misplaced, 2, /--new-admin-password goes with --demo/);
    });

    it('when ENVIRONMENT=production with --force, then it seeds', async () => {
      // Production refuses an empty DB_PASSWORD, so this run signs in as a user of its own.
      const user = `lbseed_${TEST_RUN_ID}`.slice(0, 32);
      const password = `pw-${TEST_RUN_ID}-x9`;
      const admin = await mysql.createConnection({ host: TEST_ENV.DB_HOST, port: Number(TEST_ENV.DB_PORT), user: TEST_ENV.DB_USER, password: TEST_ENV.DB_PASSWORD });
      try {
        await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
        await admin.query(`GRANT ALL PRIVILEGES ON \`${TEST_ENV.DB_NAME}\`.* TO ?@?`, [user, '%']);
        const res = await runCli(['seed', '--scale', '2', '--force', '--json'], {
          ENVIRONMENT: 'production', DB_USER: user, DB_PASSWORD: password,
          // The run's own checkpoint key, so checkpoints it may write verify with the others.
          AUDIT_CHECKPOINT_PRIVATE_KEY: loadOrCreateDevSecrets(TEST_DATA_DIR).secrets.AUDIT_CHECKPOINT_PRIVATE_KEY,
        });
        expect(res.code, res.stderr).to.equal(0);
        const out = JSON.parse(res.stdout) as { members: number; rows: Record<string, number> };
        expect(out.members).to.equal(2);
        expect(out.rows.training_records).to.equal(200);
      } finally {
        await admin.query('DROP USER IF EXISTS ?@?', [user, '%']).catch(() => undefined);
        await admin.end();
      }
    });
  });
});
