/**
 * Scheduling benchmarks, on MariaDB (a database of its own, created and dropped here), with the
 * kernel serving HTTP on a loopback port:
 *
 * 1. Calendar month for an organization with 40 shifts a day and 6 seats each (1,200 shifts, every
 *    seat filled: 7,200 assignments), read as the SPA does (`GET /scheduling/calendar/month`).
 *    Targets: the number of SQL queries is the same as for an organization with 10 shifts a day
 *    (it does not grow with the number of shifts), and the median request takes at most 3x the
 *    median of a raw mysql2 read of the same rows (the month's shifts and their assignment counts),
 *    measured interleaved in the same run.
 * 2. Sign-up throughput: 50 signed-in members, each signing up over HTTP for its own series of
 *    shifts (different shifts, no contention on one seat), 50 requests in flight. Requests/s, and
 *    every sign-up must succeed.
 *
 * Run: `node bench/run.js scheduling` after `npm run build` (or `npx ts-node bench/scheduling.bench.ts`).
 * Environment: BENCH_DB_HOST/PORT/USER/PASSWORD (default root@127.0.0.1:3306), BENCH_MONTH_RUNS
 * (30), BENCH_SIGNUPS_PER_MEMBER (20). Prints readable lines, then one line of JSON; writes
 * bench/results/scheduling.json for bench/run.js.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import mysql from 'mysql2/promise';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logging/logger';
import { Kernel } from '../core/kernel/kernel';
import { Organization } from '../core/identity/models/organization.model';
import { User } from '../core/identity/models/user.model';
import { Position } from '../core/identity/models/position.model';
import { UserPosition } from '../core/identity/models/user-position.model';
import { seedSystemPositions } from '../core/identity/permissions/seed-system-positions';
import { PasswordHasher } from '../core/security/passwords/password-hasher';
import { Shift } from '../modules/scheduling/models/shift.model';
import { Assignment } from '../modules/scheduling/models/assignment.model';

const DB = {
  host: process.env.BENCH_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};
const NAME = `lbbench_sched_${process.pid}`;
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-sched-bench-'));
const MONTH_RUNS = Number(process.env.BENCH_MONTH_RUNS ?? 30);
const SIGNUPS_PER_MEMBER = Number(process.env.BENCH_SIGNUPS_PER_MEMBER ?? 20);
const MEMBERS = 50;
const PASSWORD = 'lantern orbit meadow 42';
const SEATS = ['officer', 'driver', 'firefighter', 'firefighter', 'ems', 'firefighter'];

Object.assign(process.env, {
  ENVIRONMENT: 'development', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DATA_DIR, MODULE_DIRS: '', MODULES: 'scheduling',
  DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME: NAME,
  DB_POOL_MAX: '60', DB_ACQUIRE_TIMEOUT_MS: '30000', REDIS_HOST: '', JOBS_ENABLED: 'false', ALLOWED_ORIGINS: 'http://localhost:3000',
});

interface Target { met: boolean }
interface Results { writeResults(name: string, data: unknown): string; target(name: string, value: number, op: string, limit: number, unit?: string): Target }
// bench/lib is plain JavaScript shared by every bench (run.js reads what it writes).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const results = require('./lib/results') as Results;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

interface Session { cookie: string; csrf: string }

async function organization(kernel: Kernel, name: string): Promise<Organization> {
  const id = crypto.randomUUID();
  return kernel.db.transaction(async (tx) => {
    const org = await Organization.create({ id, name, slug: `bench-${id.slice(0, 8)}`, timezone: 'America/Chicago', active: true }, { transaction: tx });
    await seedSystemPositions(tx, org.id);
    return org;
  });
}

async function members(kernel: Kernel, org: Organization, n: number, slug: string): Promise<User[]> {
  const hash = await kernel.container.get(PasswordHasher).hash(PASSWORD);
  const users = await User.bulkCreate(Array.from({ length: n }, (_, i) => {
    const u = `b${i}${crypto.randomBytes(4).toString('hex')}`;
    return { organizationId: org.id, username: u, usernameKey: u, email: `${u}@example.org`, emailKey: `${u}@example.org`, firstName: 'Bench', lastName: `M${i}`, passwordHash: hash, passwordChangedAt: new Date(), status: 'active' };
  }));
  const position = await Position.findOne({ where: { organizationId: org.id, slug } });
  await UserPosition.bulkCreate(users.map((u) => ({ userId: u.id, positionId: position!.id })));
  return users;
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), csrf: decodeURIComponent(jar.get('csrf_token') ?? '') };
}

/** `perDay` shifts a day for the 30 days of June 2031, every seat filled. */
async function seedMonth(org: Organization, perDay: number, staff: User[]): Promise<void> {
  const shifts: Array<Record<string, unknown>> = [];
  const assignments: Array<Record<string, unknown>> = [];
  for (let day = 1; day <= 30; day++) {
    const date = `2031-06-${String(day).padStart(2, '0')}`;
    for (let k = 0; k < perDay; k++) {
      const id = crypto.randomUUID();
      const start = new Date(Date.parse(`${date}T12:00:00Z`) + (k % 12) * 3_600_000);
      shifts.push({ id, organizationId: org.id, shiftDate: date, startTime: start, endTime: new Date(start.getTime() + 12 * 3_600_000), positions: JSON.stringify(SEATS.map((p) => ({ position: p, required: true }))), minStaffing: 4, status: 'scheduled', openToAllMembers: true, platoon: 'A', notes: `Unit ${k}` });
      SEATS.forEach((position, i) => {
        const user = staff[(k * SEATS.length + i) % staff.length];
        const index = SEATS.slice(0, i).filter((p) => p === position).length;
        assignments.push({ id: crypto.randomUUID(), organizationId: org.id, shiftId: id, userId: user.id, position, assignmentStatus: 'assigned', seatKey: `${id}:${position}:${index}`, memberKey: `${id}:${user.id}` });
      });
    }
  }
  for (let i = 0; i < shifts.length; i += 500) await Shift.bulkCreate(shifts.slice(i, i + 500));
  for (let i = 0; i < assignments.length; i += 1000) await Assignment.bulkCreate(assignments.slice(i, i + 1000));
}

function countQueries(kernel: Kernel): { reset(): void; value(): number } {
  const seq = kernel.db.sequelize as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const original = seq.query.bind(seq);
  let n = 0;
  seq.query = (...args: unknown[]) => { n++; return original(...args); };
  return { reset: () => { n = 0; }, value: () => n };
}

async function getMonth(base: string, s: Session): Promise<number> {
  const res = await fetch(`${base}/api/v1/scheduling/calendar/month?year=2031&month=6`, { headers: { cookie: s.cookie } });
  const body = await res.json() as unknown[];
  if (res.status !== 200) throw new Error(`month: ${res.status}`);
  return body.length;
}

async function rawMonth(conn: mysql.Connection, orgId: string): Promise<number> {
  const [shifts] = await conn.query<mysql.RowDataPacket[]>('SELECT * FROM scheduling_shifts WHERE organization_id = ? AND shift_date BETWEEN ? AND ? ORDER BY start_time, id', [orgId, '2031-06-01', '2031-06-30']);
  await conn.query<mysql.RowDataPacket[]>(
    "SELECT shift_id, COUNT(*) AS n FROM scheduling_assignments WHERE shift_id IN (?) AND assignment_status IN ('assigned', 'confirmed', 'pending') GROUP BY shift_id",
    [shifts.map((s) => s.id as string)],
  );
  return shifts.length;
}

async function main(): Promise<void> {
  const admin = await mysql.createConnection(DB);
  await admin.query(`CREATE DATABASE \`${NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let kernel: Kernel | null = null;
  let server: Server | null = null;
  const raw = await mysql.createConnection({ ...DB, database: NAME });
  try {
    const config = loadConfig();
    kernel = await new Kernel(config, createLogger(config)).boot({ migrate: true, jobs: false, http: true });
    server = kernel.app!.listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // 1. Calendar month, 40 vs 10 shifts a day.
    const big = await organization(kernel, 'Bench Metro Fire');
    const small = await organization(kernel, 'Bench Rural Fire');
    const bigStaff = await members(kernel, big, 240, 'scheduling_officer');
    const smallStaff = await members(kernel, small, 60, 'scheduling_officer');
    await seedMonth(big, 40, bigStaff);
    await seedMonth(small, 10, smallStaff);
    const bigSession = await login(base, bigStaff[0].username);
    const smallSession = await login(base, smallStaff[0].username);
    const counter = countQueries(kernel);
    await getMonth(base, bigSession);
    counter.reset();
    const bigShifts = await getMonth(base, bigSession);
    const bigQueries = counter.value();
    await getMonth(base, smallSession);
    counter.reset();
    const smallShifts = await getMonth(base, smallSession);
    const smallQueries = counter.value();
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 3; i++) { await getMonth(base, bigSession); await rawMonth(raw, big.id); }
    for (let i = 0; i < MONTH_RUNS; i++) {
      let t0 = process.hrtime.bigint();
      await getMonth(base, bigSession);
      ours.push(ms(t0));
      t0 = process.hrtime.bigint();
      await rawMonth(raw, big.id);
      bare.push(ms(t0));
    }
    const month = { shifts: bigShifts, small_shifts: smallShifts, queries_40_per_day: bigQueries, queries_10_per_day: smallQueries, median_ms: median(ours), raw_median_ms: median(bare), ratio: median(ours) / median(bare) };

    // 2. Sign-up throughput: 50 members, each on its own series of shifts.
    const signOrg = await organization(kernel, 'Bench Signup Fire');
    const signers = await members(kernel, signOrg, MEMBERS, 'member');
    const sessions: Session[] = [];
    for (const m of signers) sessions.push(await login(base, m.username));
    const series: string[][] = signers.map(() => []);
    const rows: Array<Record<string, unknown>> = [];
    for (let m = 0; m < MEMBERS; m++) {
      for (let j = 0; j < SIGNUPS_PER_MEMBER; j++) {
        const id = crypto.randomUUID();
        const start = new Date(Date.UTC(2032, 0, 1) + (m * SIGNUPS_PER_MEMBER + j) * 13 * 3_600_000);
        rows.push({ id, organizationId: signOrg.id, shiftDate: start.toISOString().slice(0, 10), startTime: start, endTime: new Date(start.getTime() + 12 * 3_600_000), positions: JSON.stringify([{ position: 'firefighter', required: true }]), minStaffing: 1, status: 'scheduled', openToAllMembers: true });
        series[m].push(id);
      }
    }
    for (let i = 0; i < rows.length; i += 500) await Shift.bulkCreate(rows.slice(i, i + 500));
    let ok = 0;
    let failed = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(sessions.map(async (s, m) => {
      for (const id of series[m]) {
        const res = await fetch(`${base}/api/v1/scheduling/shifts/${id}/signup`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: '{}' });
        await res.arrayBuffer();
        if (res.status === 201) ok++; else failed++;
      }
    }));
    const seconds = ms(t0) / 1000;
    const signup = { members: MEMBERS, requests: ok + failed, ok, failed, seconds, per_second: (ok + failed) / seconds };

    const summary = { month, signup };
    console.log(`calendar month: ${month.shifts} shifts (40/day x 30 days, 6 seats each): ${month.queries_40_per_day} SQL queries; 10/day (${month.small_shifts} shifts): ${month.queries_10_per_day} queries`);
    console.log(`calendar month: median ${month.median_ms.toFixed(1)} ms over HTTP vs ${month.raw_median_ms.toFixed(1)} ms raw mysql2 (same rows), ratio ${month.ratio.toFixed(2)} (target <= 3)`);
    console.log(`sign-up: ${signup.requests} requests from ${MEMBERS} concurrent members in ${seconds.toFixed(1)} s: ${signup.per_second.toFixed(0)} requests/s (${failed} failed)`);
    console.log(JSON.stringify(summary));
    const targets = [
      results.target('month/queries do not grow (40 vs 10 shifts a day)', month.queries_40_per_day - month.queries_10_per_day, '<=', 0),
      results.target('month/request vs raw SQL', Number(month.ratio.toFixed(2)), '<=', 3, 'x'),
      results.target('signup/failed requests', failed, '<=', 0),
      results.target('signup/throughput', Number(signup.per_second.toFixed(1)), '>', 0, 'req/s'),
    ];
    results.writeResults('scheduling', { summary, targets });
    if (targets.some((t) => !t.met)) process.exitCode = 1;
  } finally {
    server?.close();
    await raw.end().catch(() => undefined);
    await kernel?.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS \`${NAME}\``).catch(() => undefined);
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
    await admin.end();
  }
}

main().catch((err: Error) => {
  console.error(`scheduling bench failed: ${err.message}`);
  process.exit(1);
});
