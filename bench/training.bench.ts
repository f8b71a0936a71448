/**
 * Training compliance benchmark, on MariaDB (a database of its own, created and dropped here).
 *
 * An organization of 500 members with 30 active requirements (hours over every period kind,
 * certifications, courses, knowledge tests, shifts) and 50,000 training records (100 per member,
 * 90 % completed, every tenth a certification), and a second one of 100 members built the same way.
 *
 * 1. SQL statements per request: `GET /training/dashboard-summary` and
 *    `GET /training/expiring-certifications` for 500 members and for 100. Target: the same count
 *    (the number of queries does not grow with the number of members).
 * 2. Time: the dashboard request (HTTP, in process, authenticated) against a bare mysql2 pool
 *    reading the same rows (the same SELECTs, in parallel), interleaved in the same run, median of
 *    BENCH_ROUNDS (9). Target: ours / raw <= 3.
 *
 * Run: `node bench/run.js training` (after `npm run build`), or `npx ts-node bench/training.bench.ts`.
 * Environment: BENCH_DB_HOST/PORT/USER/PASSWORD (root@127.0.0.1:3306), BENCH_ROUNDS, BENCH_KEEP_DB=1.
 * Prints readable lines, then one line of JSON; writes bench/results/training.json for bench/run.js.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import supertest from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logging/logger';
import { Kernel } from '../core/kernel/kernel';
import { Organization } from '../core/identity/models/organization.model';
import { User } from '../core/identity/models/user.model';
import { Position } from '../core/identity/models/position.model';
import { UserPosition } from '../core/identity/models/user-position.model';
import { seedSystemPositions } from '../core/identity/permissions/seed-system-positions';
import { PasswordHasher } from '../core/security/passwords/password-hasher';
import { COMPLETED_RECORDS_SQL } from '../modules/training/services/compliance-snapshot';

const DB = {
  host: process.env.BENCH_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};
const NAME = `lbbench_training_${process.pid}`;
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-training-bench-'));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const PASSWORD = 'lantern orbit meadow 42';

Object.assign(process.env, {
  ENVIRONMENT: 'development', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DATA_DIR, MODULE_DIRS: '', MODULES: 'training',
  DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME: NAME,
  DB_POOL_MAX: '10', DB_ACQUIRE_TIMEOUT_MS: '30000', REDIS_HOST: '', JOBS_ENABLED: 'false',
});

interface Target { met: boolean }
interface Results { writeResults(name: string, data: unknown): string; target(name: string, value: number, op: string, limit: number, unit?: string): Target }
// bench/lib is plain JavaScript shared by every bench (run.js reads what it writes).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const results = require('./lib/results') as Results;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropScratchDatabase } = require('./lib/scratch-database') as { dropScratchDatabase(admin: { query(sql: string): Promise<unknown> }, name: string, dataDir: string): Promise<void> };

const TYPES = ['certification', 'continuing_education', 'skills_practice', 'orientation', 'refresher', 'specialty'];
const uuid = () => crypto.randomUUID();
const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));
const addMonths = (date: string, months: number) => { const d = new Date(`${date}T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() + months); return iso(d); };

async function insertRows(pool: mysql.Pool, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [chunk.map((r) => columns.map((c) => r[c]))]);
  }
}

/** An organization with `members` members, 30 requirements and 100 records per member. Returns the officer's login. */
async function seedOrganization(kernel: Kernel, pool: mysql.Pool, label: string, members: number): Promise<{ id: string; username: string }> {
  const now = new Date();
  const org = await kernel.db.transaction(async (tx) => {
    const o = await Organization.create({ id: uuid(), name: `Bench ${label}`, slug: `bench-${label}`, timezone: 'America/Chicago', active: true }, { transaction: tx });
    await seedSystemPositions(tx, o.id);
    return o;
  });
  const hash = await kernel.container.get(PasswordHasher).hash(PASSWORD);
  const username = `officer_${label}`;
  const officer = await User.create({ organizationId: org.id, username, email: `${username}@example.org`, firstName: 'Olive', lastName: 'Officer', passwordHash: hash, passwordChangedAt: now, status: 'active' });
  const trainingOfficer = await Position.findOne({ where: { organizationId: org.id, slug: 'training_officer' } });
  await UserPosition.create({ userId: officer.id, positionId: trainingOfficer!.id });

  const users = Array.from({ length: members }, (_, i) => {
    const name = `${label}_m${i}`;
    return {
      id: uuid(), organization_id: org.id, username: name, username_key: name, email: `${name}@example.org`, email_key: `${name}@example.org`,
      first_name: `First${i}`, last_name: `Last${i}`, status: 'active', membership_type: i % 10 === 0 ? 'probationary' : 'active',
      compliance_exempt: i % 50 === 0 ? 1 : 0, must_change_password: 0, failed_login_count: 0, mfa_enabled: 0, email_verified: 0,
      created_at: now, updated_at: now,
    };
  });
  await insertRows(pool, 'users', users);
  const firefighter = await Position.findOne({ where: { organizationId: org.id, slug: 'firefighter' } });
  await insertRows(pool, 'user_positions', users.filter((_, i) => i % 2 === 0).map((u) => ({ id: uuid(), user_id: u.id, position_id: firefighter!.id, assigned_at: now })));

  const categories = Array.from({ length: 5 }, (_, i) => ({ id: uuid(), organization_id: org.id, name: `Category ${i}`, sort_order: i, active: 1, created_at: now, updated_at: now }));
  await insertRows(pool, 'training_categories', categories);
  const courses = Array.from({ length: 40 }, (_, i) => ({
    id: uuid(), organization_id: org.id, name: `Course ${i}`, training_type: TYPES[i % TYPES.length], duration_hours: 1 + (i % 8),
    expiration_months: i % 4 === 0 ? 24 : null, category_ids: JSON.stringify([categories[i % 5].id]), active: 1, created_at: now, updated_at: now,
  }));
  await insertRows(pool, 'training_courses', courses);

  const periods: Array<Record<string, unknown>> = [
    { frequency: 'annual', due_date_type: 'calendar_period' }, { frequency: 'quarterly', due_date_type: 'calendar_period' },
    { frequency: 'monthly', due_date_type: 'calendar_period' }, { frequency: 'annual', due_date_type: 'rolling', rolling_period_months: 12 },
    { frequency: 'one_time', due_date_type: 'calendar_period' }, { frequency: 'annual', due_date_type: 'calendar_period', period_start_month: 7, period_start_day: 1, period_end_month: 6, period_end_day: 30 },
  ];
  const requirement = (i: number, fields: Record<string, unknown>) => ({
    id: uuid(), organization_id: org.id, name: `Requirement ${i}`, source: 'department', is_editable: 1, allows_external_credit: 0,
    applies_to_all: i % 7 === 0 ? 0 : 1, required_positions: i % 7 === 0 ? JSON.stringify(['firefighter']) : null, active: 1, created_at: now, updated_at: now,
    frequency: 'annual', due_date_type: 'calendar_period', rolling_period_months: null, period_start_month: null, period_start_day: null, period_end_month: null, period_end_day: null,
    requirement_type: 'hours', required_hours: null, training_type: null, registry_code: null, required_courses: null, required_shifts: null, passing_score: null, category_ids: null,
    ...fields,
  });
  const requirements = [
    ...Array.from({ length: 12 }, (_, i) => requirement(i, { ...periods[i % periods.length], requirement_type: 'hours', required_hours: 6 + i, training_type: i % 3 === 0 ? TYPES[i % TYPES.length] : null, category_ids: i % 4 === 1 ? JSON.stringify([categories[i % 5].id]) : null })),
    ...Array.from({ length: 8 }, (_, i) => requirement(12 + i, { requirement_type: 'certification', frequency: 'biannual', due_date_type: 'certification_period', registry_code: `CERT${i}` })),
    ...Array.from({ length: 5 }, (_, i) => requirement(20 + i, { ...periods[i % periods.length], requirement_type: 'courses', required_courses: JSON.stringify([courses[i].id, courses[i + 10].id]) })),
    ...Array.from({ length: 3 }, (_, i) => requirement(25 + i, { requirement_type: 'knowledge_test', passing_score: 80, required_courses: JSON.stringify([courses[20 + i].id]) })),
    ...Array.from({ length: 2 }, (_, i) => requirement(28 + i, { requirement_type: 'shifts', required_shifts: 12 })),
  ];
  await insertRows(pool, 'training_requirements', requirements);

  const records: Array<Record<string, unknown>> = [];
  for (const u of users) {
    for (let k = 0; k < 100; k++) {
      const course = courses[(k * 7 + users.indexOf(u)) % courses.length];
      const completed = k % 10 !== 9;
      const completion = daysAgo((k * 37 + users.indexOf(u)) % 730);
      const cert = k % 10 === 0;
      records.push({
        id: uuid(), organization_id: org.id, user_id: u.id, course_id: course.id, course_name: course.name, training_type: course.training_type,
        status: completed ? 'completed' : 'scheduled', completion_date: completed ? completion : null, scheduled_date: completion,
        expiration_date: cert && completed ? addMonths(completion, 24) : null, hours_completed: course.duration_hours,
        certification_number: cert ? `CERT${k % 8}-${k}` : null, score: k % 5 === 0 ? 60 + (k % 40) : null, passed: k % 5 === 0 ? (k % 40 >= 20 ? 1 : 0) : null,
        created_at: now, updated_at: now,
      });
    }
  }
  await insertRows(pool, 'training_records', records);
  await insertRows(pool, 'training_waivers', users.filter((_, i) => i % 10 === 3).map((u) => ({
    id: uuid(), organization_id: org.id, user_id: u.id, waiver_type: 'leave', start_date: daysAgo(120), end_date: daysAgo(30), active: 1, created_at: now, updated_at: now,
  })));
  return { id: org.id, username };
}

/** What the dashboard reads, as bare SELECTs on a mysql2 pool (the same rows, no ORM, no HTTP, no evaluation). */
async function rawRead(pool: mysql.Pool, organizationId: string): Promise<number> {
  const [users, positions, reqs, records, waivers, courses] = await Promise.all([
    pool.query("SELECT id, username, email, first_name, last_name, membership_type, compliance_exempt FROM users WHERE organization_id = ? AND deleted_at IS NULL AND status IN ('active', 'probationary', 'leave')", [organizationId]),
    pool.query('SELECT up.user_id, p.id, p.slug FROM user_positions up JOIN positions p ON p.id = up.position_id WHERE p.organization_id = ?', [organizationId]),
    pool.query('SELECT * FROM training_requirements WHERE organization_id = ? AND active = true ORDER BY name', [organizationId]),
    pool.query(COMPLETED_RECORDS_SQL.replace(':organizationId', '?'), [organizationId]),
    pool.query('SELECT user_id, start_date, end_date, requirement_ids FROM training_waivers WHERE organization_id = ? AND active = true', [organizationId]),
    pool.query('SELECT id, category_ids FROM training_courses WHERE organization_id = ?', [organizationId]),
  ]);
  return [users, positions, reqs, records, waivers, courses].reduce((n, [rows]) => n + (rows as unknown[]).length, 0);
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const admin = await mysql.createConnection(DB);
  await admin.query(`CREATE DATABASE \`${NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let kernel: Kernel | null = null;
  const pool = mysql.createPool({ ...DB, database: NAME, connectionLimit: 10, timezone: 'Z', dateStrings: ['DATE'] });
  try {
    const config = loadConfig();
    kernel = await new Kernel(config, createLogger(config)).boot({ migrate: true, jobs: false });
    const seedStart = Date.now();
    const big = await seedOrganization(kernel, pool, 'big', 500);
    const small = await seedOrganization(kernel, pool, 'small', 100);
    console.log(`seeded 600 members, 60,000 records in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const http = supertest(kernel.app as Express);
    const login = async (username: string) => {
      const res = await http.post('/api/v1/auth/login').send({ username, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      return (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    };
    const cookies = { big: await login(big.username), small: await login(small.username) };
    const get = async (cookie: string, url: string) => {
      const res = await http.get(url).set('Cookie', cookie);
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return res.body as Record<string, unknown>;
    };

    let counting = false;
    let queries = 0;
    kernel.db.sequelize.addHook('beforeQuery', 'bench-count', () => { if (counting) queries++; });
    // The fewest of three warm requests: a session's activity write (at most once a minute) or a
    // settings cache refresh (every 10 s) may land in any one request; neither depends on members.
    const countOf = async (cookie: string, url: string) => {
      await get(cookie, url);
      let fewest = Infinity;
      for (let i = 0; i < 3; i++) {
        queries = 0;
        counting = true;
        await get(cookie, url);
        counting = false;
        fewest = Math.min(fewest, queries);
      }
      return fewest;
    };
    const counts = {
      dashboard500: await countOf(cookies.big, '/api/v1/training/dashboard-summary?expiration_days=90'),
      dashboard100: await countOf(cookies.small, '/api/v1/training/dashboard-summary?expiration_days=90'),
      expiring500: await countOf(cookies.big, '/api/v1/training/expiring-certifications?days=90'),
      expiring100: await countOf(cookies.small, '/api/v1/training/expiring-certifications?days=90'),
    };

    const ours: number[] = [];
    const raw: number[] = [];
    const oursExpiring: number[] = [];
    let rows = 0;
    let summary: Record<string, unknown> = {};
    for (let i = 0; i < ROUNDS; i++) {
      let t = process.hrtime.bigint();
      rows = await rawRead(pool, big.id);
      raw.push(ms(t));
      t = process.hrtime.bigint();
      summary = await get(cookies.big, '/api/v1/training/dashboard-summary?expiration_days=90');
      ours.push(ms(t));
      t = process.hrtime.bigint();
      await get(cookies.big, '/api/v1/training/expiring-certifications?days=90');
      oursExpiring.push(ms(t));
    }
    const figures = {
      members: 500, requirements: 30, records: 50_000, rowsRead: rows, rounds: ROUNDS,
      queries: counts,
      dashboardMs: Number(median(ours).toFixed(1)), expiringMs: Number(median(oursExpiring).toFixed(1)), rawSqlMs: Number(median(raw).toFixed(1)),
      ratio: Number((median(ours) / median(raw)).toFixed(2)), expiringRatio: Number((median(oursExpiring) / median(raw)).toFixed(2)),
      statusCounts: summary.status_counts, load: Number(os.loadavg()[0].toFixed(2)), node: process.version, cpus: os.cpus().length,
    };
    console.log(`SQL statements per request: dashboard ${counts.dashboard500} (500 members) vs ${counts.dashboard100} (100 members); expiring ${counts.expiring500} vs ${counts.expiring100}`);
    console.log(`dashboard-summary: ${figures.dashboardMs} ms median; expiring-certifications: ${figures.expiringMs} ms; bare mysql2 read of the same ${rows.toLocaleString('en-US')} rows: ${figures.rawSqlMs} ms`);
    console.log(`ratio dashboard / raw SQL: ${figures.ratio} (target <= 3); expiring / raw SQL: ${figures.expiringRatio}`);
    console.log(JSON.stringify(figures));
    const targets = [
      results.target('dashboard SQL statements, 500 vs 100 members (difference)', counts.dashboard500 - counts.dashboard100, '<=', 0),
      results.target('expiring SQL statements, 500 vs 100 members (difference)', counts.expiring500 - counts.expiring100, '<=', 0),
      results.target('dashboard request / raw SQL time', figures.ratio, '<=', 3),
      results.target('expiring request / raw SQL time', figures.expiringRatio, '<=', 3),
    ];
    results.writeResults('training', { summary: figures, targets });
    if (targets.some((t) => !t.met)) process.exitCode = 1;
  } finally {
    await pool.end().catch(() => undefined);
    await kernel?.close().catch(() => undefined);
    await dropScratchDatabase(admin, NAME, DATA_DIR);
    await admin.end();
  }
}

main().catch((err: Error) => {
  console.error(`training bench failed: ${err.message}`);
  process.exit(1);
});
