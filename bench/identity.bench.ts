/**
 * Identity benchmarks (#4), on MariaDB + Redis (a database and a Redis key prefix of its own,
 * created and removed here), our compiled server (dist/core/main.js) in a child process:
 *
 * 1. Authenticated `GET /api/v1/auth/me` requests/s next to a bare baseline in the same run
 *    (bench/identity/bare-me-server.js: node:http + mysql2 + ioredis doing the same JWT check,
 *    Redis session check and member + positions lookup), rounds interleaved. Target: ratio >= 0.4.
 * 2. Successful logins/s next to raw argon2id verifications/s at our parameters on the same
 *    machine, in short interleaved slices; the raw slices run inside our server's process while it
 *    serves nothing (hashing speed is per-process luck here: server-with-raw-hashing.js), and two
 *    fresh server processes share the rounds. Both hash at most `cores` passwords
 *    at once: the server because its hashing bound admits that many, the raw loop by running that
 *    many verifications in parallel (on a shared machine, more threads would win a bigger share of
 *    the CPU from the other jobs and measure the neighbours, not us; the raw figure at the client
 *    concurrency is printed once for reference). The login clients (2 x cores) stay within the
 *    bound (cores hashing + 4 x cores queued), so every login should succeed; a short flood beyond
 *    the bound then reports its 429s apart. Target: ratio >= 0.8.
 *
 * Run: `npm run build && node bench/run.js identity`. Environment: BENCH_DB_HOST/PORT/USER/PASSWORD
 * (root@127.0.0.1:3306), BENCH_DB_SOCKET (the server's socket when it has one; `off` for TCP), BENCH_REDIS_HOST/PORT (127.0.0.1:6379), BENCH_DURATION (8 s per phase),
 * BENCH_WARMUP (2 s), BENCH_ROUNDS (3), BENCH_CONNECTIONS for /auth/me (32), BENCH_LOGIN_ROUNDS (8 pairs
 * of BENCH_LOGIN_SLICE = 4 s each, after 1 s of warm-up; BENCH_LOGIN_WARMUP = 20 s of sign-ins first on each of BENCH_LOGIN_SERVERS = 2 servers), BENCH_PARTS (me,login), BENCH_PROFILE=1
 * (our server under --cpu-prof; run one part at a time), BENCH_PASSWORD_HASH_TIME_COST (`calibrate`, the
 * default: the argon2id passes `logbook passwords calibrate` picks on this machine, as docs/security.md
 * tells a department to configure; or a number, e.g. 2 for the floor).
 * Writes bench/results/identity.json for bench/run.js.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import argon2 from 'argon2';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import { loadConfig } from '../core/config';
import { argon2Parameters, type Argon2Parameters } from '../core/security/passwords/password-hasher';
import { calibrateArgon2, type Calibration } from '../core/security/passwords/argon2-calibration';
import { BENCH_PASSWORD, seed } from './identity/seed';

// bench/lib is plain JavaScript shared by every bench (run.js reads what it writes).
/* eslint-disable @typescript-eslint/no-require-imports */
const { startChildServer } = require('./lib/child-server') as { startChildServer(args: string[], o: { env: NodeJS.ProcessEnv; discardStdout?: boolean }): Promise<ChildServer> };
const { measure } = require('./kernel/load') as { measure(o: { url: string; headers: Record<string, string>; connections: number; durationS: number; warmupS: number }): Promise<LoadResult> };
const { loginLoad } = require('./identity/login-load') as { loginLoad(o: LoginLoadOptions): Promise<LoginResult> };
const { median } = require('./lib/stats') as { median(v: number[]): number };
const { processCpuSeconds, mainThreadCpuSeconds } = require('./lib/process-cpu') as { processCpuSeconds(pid: number): number | null; mainThreadCpuSeconds(pid: number): number | null };
const { costByPackage } = require('./lib/cpu-profile') as { costByPackage(profile: unknown, requests: number): Array<[string, number]> };
const results = require('./lib/results') as { writeResults(name: string, data: unknown): string; target(name: string, value: number, op: string, limit: number, unit?: string): { met: boolean } };
/* eslint-enable @typescript-eslint/no-require-imports */

interface ChildServer { url: string; child: { pid?: number }; stop(): Promise<number | null>; output(): string }
interface LoadResult { requestsPerSec: number; requestsTotal: number; warmupRequests: number; non2xx: number; errors: number; latencyMs: { p50: number; p99: number } }
interface LoginLoadOptions { url: string; usernames: string[]; password: string; connections: number; durationS: number; warmupS: number; origin: string }
interface LoginResult { loginsPerSec: number; warmup: number; byStatus: Record<string, number>; tooManyPerSec: number; ok: number; tooMany: number; other: number; errors: number; latencyMs: { p50: number; p99: number } }

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'core', 'main.js');
const BARE = path.join(__dirname, 'identity', 'bare-me-server.js');
const WITH_RAW = path.join(__dirname, 'identity', 'server-with-raw-hashing.js');
const ORIGIN = 'http://localhost:3000';
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const DURATION = num('BENCH_DURATION', 8);
const WARMUP = num('BENCH_WARMUP', 2);
const ROUNDS = num('BENCH_ROUNDS', 3);
const ME_CONNECTIONS = num('BENCH_CONNECTIONS', 32);
const CORES = Math.max(1, os.availableParallelism());
const LOGIN_CONCURRENCY = num('BENCH_LOGIN_CONNECTIONS', 2 * CORES);
const FLOOD_CONCURRENCY = 16 * CORES;
const LOGIN_MEMBERS = 8;
const LOGIN_ROUNDS = num('BENCH_LOGIN_ROUNDS', 8);
const LOGIN_SLICE = num('BENCH_LOGIN_SLICE', 4);
// Sign-in code runs ~60 times a second here, so V8 takes tens of seconds to optimize it (CPU per
// login fell ~30 % over the first minute): a server that has been up a while is what we measure.
const LOGIN_WARMUP = num('BENCH_LOGIN_WARMUP', 20);
// Under --cpu-prof one server keeps one profile; otherwise two servers share the rounds.
const LOGIN_SERVERS = Math.max(1, num('BENCH_LOGIN_SERVERS', process.env.BENCH_PROFILE === '1' ? 1 : 2));
const PARTS = new Set((process.env.BENCH_PARTS ?? 'me,login').split(','));
// BENCH_PROFILE=1: our server runs under --cpu-prof; CPU µs per request by package is printed at the end.
const PROFILE_DIR = process.env.BENCH_PROFILE === '1' ? fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-identity-prof-')) : null;

const DB = { host: process.env.BENCH_DB_HOST ?? '127.0.0.1', port: num('BENCH_DB_PORT', 3306), user: process.env.BENCH_DB_USER ?? 'root', password: process.env.BENCH_DB_PASSWORD ?? '' };
const REDIS = { host: process.env.BENCH_REDIS_HOST ?? '127.0.0.1', port: num('BENCH_REDIS_PORT', 6379) };
const RUN = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
const DB_NAME = `lbbench_identity_${RUN}`;
const KEY_PREFIX = `lbbench-identity-${RUN}`;
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-identity-bench-'));

/** What the server, the baseline and the seeding kernel all run with. */
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: '0', HOST: '127.0.0.1', ENVIRONMENT: 'development', NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_FORMAT: 'json',
  DATA_DIR, MODULE_DIRS: '', MODULES: '', JOBS_ENABLED: 'false', MIGRATE_ON_START: 'true', ALLOWED_ORIGINS: ORIGIN,
  DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME,
  REDIS_HOST: REDIS.host, REDIS_PORT: String(REDIS.port), REDIS_KEY_PREFIX: KEY_PREFIX,
  SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef0123456789a',
  ENCRYPTION_SALT: 'bench-encryption-salt-0123456789abcdef012345678',
  AUDIT_LOG_SIGNING_KEY: 'bench-audit-signing-key-0123456789abcdef01234567',
  // The per-account attempt limit (10/min by default) would turn the login load into 429s: the bench
  // measures the sign-in path, so that brake is opened wide (the hashing bound stays as shipped).
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
};

const pretty = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const spread = (v: number[]) => `${pretty(Math.min(...v))}–${pretty(Math.max(...v))}`;

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (res.status !== 200) throw new Error(`bench sign-in failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.slice(0, c.indexOf(';')));
  return cookies.join('; ');
}

/** Both servers must give the same member the same answer before their speed means anything. */
async function sameAnswer(ours: string, bare: string, cookie: string): Promise<void> {
  const get = async (url: string) => {
    const res = await fetch(`${url}/api/v1/auth/me`, { headers: { cookie, origin: ORIGIN } });
    if (res.status !== 200) throw new Error(`GET /auth/me on ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const [a, b] = await Promise.all([get(ours), get(bare)]);
  for (const key of ['id', 'roles', 'positions', 'permissions', 'timezone', 'username']) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) throw new Error(`ours and the baseline disagree on ${key}: ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}`);
  }
}

/**
 * How the server (and the bare baseline) reach MariaDB: its Unix socket when it has one, as a
 * department running both on one machine would configure it (DB_SOCKET), or TCP with
 * BENCH_DB_SOCKET=off (or when the server reports no socket file).
 */
async function databaseSocket(): Promise<string | null> {
  if (process.env.BENCH_DB_SOCKET === 'off') return null;
  if (process.env.BENCH_DB_SOCKET) return process.env.BENCH_DB_SOCKET;
  const conn = await mysql.createConnection(DB);
  try {
    const [rows] = await conn.query('SELECT @@socket AS socket');
    const socket = String((rows as Array<{ socket: string | null }>)[0]?.socket ?? '');
    return socket && fs.existsSync(socket) ? socket : null;
  } finally {
    await conn.end();
  }
}

/** mariadbd's pid on this machine (its CPU per login is part of what a login costs), or null. */
function mariadbPid(): number | null {
  try {
    const pid = Number(execFileSync('pidof', ['mariadbd'], { encoding: 'utf8' }).trim().split(' ')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

interface CpuSample { server: number; serverMain: number; db: number; bench: number }
/** CPU seconds so far of our server, MariaDB and this process (the load generator and the raw hashing). */
function cpuNow(serverPid: number, dbPid: number | null): CpuSample {
  const own = process.cpuUsage();
  return { server: processCpuSeconds(serverPid) ?? NaN, serverMain: mainThreadCpuSeconds(serverPid) ?? NaN, db: dbPid === null ? NaN : processCpuSeconds(dbPid) ?? NaN, bench: (own.user + own.system) / 1e6 };
}
const cpuMsPer = (before: CpuSample, after: CpuSample, n: number) => ({
  server: ((after.server - before.server) * 1000) / n, serverMain: ((after.serverMain - before.serverMain) * 1000) / n, db: ((after.db - before.db) * 1000) / n, bench: ((after.bench - before.bench) * 1000) / n,
});

/**
 * argon2id verifications/s at our parameters, `concurrency` at a time, for `seconds`, inside our
 * server's process while it serves nothing (bench/identity/server-with-raw-hashing.js says why).
 */
async function rawArgon2(server: ChildServer, hash: string, concurrency: number, seconds: number, onMeasured?: (verifications: number, cpuMsEach: number) => void): Promise<number> {
  if (argon2.needsRehash(hash, hashParameters)) throw new Error('the bench hash was not made at our argon2id parameters');
  const child = server.child as unknown as { send(m: unknown): void; on(e: 'message', f: (m: unknown) => void): void; off(e: 'message', f: (m: unknown) => void): void };
  const r = await new Promise<{ perSec: number; verifications: number; cpuMsEach: number }>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const msg = m as { type?: string; error?: string; perSec: number; verifications: number; cpuMsEach: number };
      if (msg?.type !== 'raw-argon2-result') return;
      child.off('message', onMessage);
      if (msg.error) reject(new Error(`raw argon2 in the server process: ${msg.error}`)); else resolve(msg);
    };
    child.on('message', onMessage);
    child.send({ type: 'raw-argon2', hash, password: BENCH_PASSWORD, concurrency, seconds });
  });
  onMeasured?.(r.verifications, r.cpuMsEach);
  return r.perSec;
}

/** Where our server's CPU went, per request measured (warm-ups included); the flood is not counted, so run it apart. */
function printProfile(requests: number): void {
  const file = fs.readdirSync(PROFILE_DIR!).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return;
  const kept = path.join(ROOT, 'bench', 'results', 'identity.cpuprofile');
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  fs.copyFileSync(path.join(PROFILE_DIR!, file), kept);
  const profile = JSON.parse(fs.readFileSync(kept, 'utf8')) as unknown;
  console.log(`CPU µs per request by package (${requests} requests, under --cpu-prof):`);
  for (const [name, us] of costByPackage(profile, requests).slice(0, 25)) console.log(`  ${us.toFixed(0).padStart(7)}  ${name}`);
  console.log(`profile: ${path.relative(ROOT, kept)} (open in Chrome DevTools > Performance)`);
}

async function cleanUp(): Promise<void> {
  const conn = await mysql.createConnection(DB).catch(() => null);
  await conn?.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``).catch(() => undefined);
  await conn?.end();
  const redis = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${KEY_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch { /* nothing to clean when Redis is unreachable */ } finally {
    redis.disconnect();
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  if (PROFILE_DIR) fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
}

/** The server's argon2id parameters, set on ENV before anything hashes; main() fills these in. */
let hashParameters: Argon2Parameters = argon2Parameters();
let calibration: Calibration | null = null;

/** BENCH_PASSWORD_HASH_TIME_COST: `calibrate` (default) or a pass count. */
async function choosePasswordHashCost(): Promise<void> {
  const wanted = process.env.BENCH_PASSWORD_HASH_TIME_COST ?? 'calibrate';
  let timeCost: number;
  if (wanted === 'calibrate') {
    calibration = await calibrateArgon2();
    timeCost = calibration.timeCost;
    console.log(`argon2id calibration (m = ${calibration.memoryCost} KiB, one at a time): ${calibration.steps.map((c) => `t = ${c.timeCost}: ${c.msPerHash.toFixed(1)} ms`).join(', ')}; the server runs at t = ${timeCost}`);
  } else {
    timeCost = Number(wanted);
    console.log(`argon2id at t = ${timeCost} (BENCH_PASSWORD_HASH_TIME_COST)`);
  }
  hashParameters = argon2Parameters({ memoryCost: hashParameters.memoryCost, timeCost });
  ENV.PASSWORD_HASH_TIME_COST = String(timeCost);
  ENV.PASSWORD_HASH_MEMORY_KIB = String(hashParameters.memoryCost);
}

async function main(): Promise<void> {
  if (!fs.existsSync(MAIN)) throw new Error('dist/core/main.js not found: run `npm run build` first');
  if (PARTS.has('login')) await choosePasswordHashCost();
  const admin = await mysql.createConnection(DB);
  await admin.query(`CREATE DATABASE \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();

  const socket = await databaseSocket();
  if (socket) ENV.DB_SOCKET = socket;
  const seeded = await seed(loadConfig({ env: { ...ENV, LOG_LEVEL: 'warn' } }), LOGIN_MEMBERS);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`identity bench: ${CORES} cores, load ${load}; ${ROUNDS} rounds of ${WARMUP} s warm-up + ${DURATION} s; MariaDB over ${socket ? `its Unix socket ${socket}` : `TCP ${DB.host}:${DB.port}`}`);

  // Our server, with the raw argon2id baseline available in its process (server-with-raw-hashing.js).
  const startOurs = () => startChildServer(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, WITH_RAW] : [WITH_RAW], { env: ENV, discardStdout: true });
  let ours = await startOurs();
  const bare = await startChildServer([BARE], { env: ENV });
  const me = { ours: [] as number[], bare: [] as number[], oursP99: [] as number[], bareP99: [] as number[] };
  const login = { ours: [] as number[], raw: [] as number[], p99: [] as number[], failures: [] as number[] };
  const cpu = { login: [] as Array<ReturnType<typeof cpuMsPer>>, raw: [] as number[] };
  let flood: LoginResult | null = null;
  let served = 0;
  let rawAtClients = NaN;
  try {
    const cookie = await signIn(ours.url, seeded.meUsername);
    await sameAnswer(ours.url, bare.url, cookie);

    console.log(`GET /api/v1/auth/me at ${ME_CONNECTIONS} connections:`);
    for (let round = 0; PARTS.has('me') && round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [['bare', bare], ['ours', ours]] as const : [['ours', ours], ['bare', bare]] as const;
      for (const [label, server] of order) {
        const r = await measure({ url: `${server.url}/api/v1/auth/me`, headers: { cookie, origin: ORIGIN }, connections: ME_CONNECTIONS, durationS: DURATION, warmupS: WARMUP });
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${label}: ${r.non2xx} non-2xx answers and ${r.errors} errors on /auth/me`);
        me[label].push(r.requestsPerSec);
        if (label === 'ours') served += r.requestsTotal + r.warmupRequests;
        me[label === 'ours' ? 'oursP99' : 'bareP99'].push(r.latencyMs.p99);
        console.log(`  round ${round + 1} ${label}: ${pretty(r.requestsPerSec)} req/s (p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms)`);
      }
    }

    const dbPid = mariadbPid();
    console.log(`login at ${LOGIN_CONCURRENCY} concurrent (bound: ${CORES} hashing + ${4 * CORES} queued), raw argon2id at the same hashing concurrency (${CORES}), over ${LOGIN_SERVERS} server process(es):`);
    // The machine is shared: short slices, alternating which side goes first, so a change in the
    // other jobs' load hits both sides of a pair alike.
    for (let round = 0; PARTS.has('login') && round < LOGIN_ROUNDS; round++) {
      // A fresh server for each share of the rounds: hashing speed is per-process luck here (see
      // bench/identity/server-with-raw-hashing.js), so one server process would carry its luck into every pair.
      if (round % Math.ceil(LOGIN_ROUNDS / LOGIN_SERVERS) === 0) {
        if (round > 0) { await ours.stop(); ours = await startOurs(); }
        if (LOGIN_WARMUP > 0) {
          const warm = await loginLoad({ url: ours.url, usernames: seeded.loginUsernames, password: BENCH_PASSWORD, connections: LOGIN_CONCURRENCY, durationS: LOGIN_WARMUP, warmupS: 0, origin: ORIGIN });
          served += warm.ok;
          console.log(`  server ${ours.child.pid}: warm-up of ${LOGIN_WARMUP} s of sign-ins (${warm.ok} logins, not measured)`);
        }
      }
      const serverPid = ours.child.pid!;
      // CPU per login (our server incl. its hashing threads, MariaDB, the load generator) next to CPU
      // per raw verification: unlike logins/s, these barely move with what else runs on the machine.
      const runRaw = () => rawArgon2(ours, seeded.passwordHash, CORES, LOGIN_SLICE, (_n, cpuMsEach) => { cpu.raw.push(cpuMsEach); });
      const runLogin = async () => {
        const before = cpuNow(serverPid, dbPid);
        const result = await loginLoad({ url: ours.url, usernames: seeded.loginUsernames, password: BENCH_PASSWORD, connections: LOGIN_CONCURRENCY, durationS: LOGIN_SLICE, warmupS: 1, origin: ORIGIN });
        cpu.login.push(cpuMsPer(before, cpuNow(serverPid, dbPid), result.ok + result.warmup));
        return result;
      };
      let raw: number;
      let r: LoginResult;
      if (round % 2 === 0) { raw = await runRaw(); r = await runLogin(); } else { r = await runLogin(); raw = await runRaw(); }
      // Only 2xx count as logins; anything else at an admitted concurrency is shown, not hidden.
      if (r.tooMany > 0 || r.other > 0 || r.errors > 0) console.log(`  round ${round + 1}: NOT ALL LOGINS SUCCEEDED: ${r.tooMany} x 429, ${r.other} other non-2xx (${JSON.stringify(r.byStatus)}), ${r.errors} errors`);
      login.failures.push(r.tooMany + r.other + r.errors);
      login.raw.push(raw);
      login.ours.push(r.loginsPerSec);
      login.p99.push(r.latencyMs.p99);
      served += r.ok + r.warmup;
      const c = cpu.login[cpu.login.length - 1];
      console.log(`  round ${round + 1}: raw argon2id ${raw.toFixed(1)}/s (${cpu.raw[cpu.raw.length - 1].toFixed(1)} ms CPU each), logins ${r.loginsPerSec.toFixed(1)}/s (p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; CPU ms per login: server ${c.server.toFixed(1)} (event loop ${c.serverMain.toFixed(1)}), MariaDB ${c.db.toFixed(1)}, load generator ${c.bench.toFixed(1)})`);
    }

    if (PARTS.has('login')) {
      rawAtClients = await rawArgon2(ours, seeded.passwordHash, LOGIN_CONCURRENCY, LOGIN_SLICE);
      console.log(`  reference: raw argon2id at ${LOGIN_CONCURRENCY} concurrent (more threads than the bound lets hash): ${rawAtClients.toFixed(1)}/s`);
    }
    if (PARTS.has('login') && !PROFILE_DIR) {
      flood = await loginLoad({ url: ours.url, usernames: seeded.loginUsernames, password: BENCH_PASSWORD, connections: FLOOD_CONCURRENCY, durationS: DURATION, warmupS: 0, origin: ORIGIN });
      console.log(`login flood at ${FLOOD_CONCURRENCY} concurrent: ${flood.loginsPerSec.toFixed(1)} logins/s, ${flood.tooManyPerSec.toFixed(1)} x 429/s (p99 ${flood.latencyMs.p99} ms), ${flood.other} other non-2xx, ${flood.errors} errors`);
    }
  } finally {
    await ours.stop();
    await bare.stop();
  }
  if (PROFILE_DIR) printProfile(served);

  // Ratios per round (each pair measured back to back), then the median: drift in the machine's
  // load between rounds then hits both sides of a pair alike.
  const meRatios = me.ours.map((o, i) => o / me.bare[i]);
  const loginRatios = login.ours.map((o, i) => o / login.raw[i]);
  const meRatio = median(meRatios);
  const loginRatio = median(loginRatios);
  const targets = [
    results.target('auth/me ours / bare node:http+mysql2+ioredis', meRatio, '>=', 0.4),
    results.target(`login / raw argon2id verify (t=${hashParameters.timeCost})`, loginRatio, '>=', 0.8),
  ];
  const summary = {
    cores: CORES, loadAverageAtStart: load, databaseTransport: socket ? 'unix socket' : 'tcp', rounds: ROUNDS, durationS: DURATION,
    me: { connections: ME_CONNECTIONS, ours: me.ours, bare: me.bare, ratios: meRatios, oursP99Ms: me.oursP99, bareP99Ms: me.bareP99 },
    login: { concurrency: LOGIN_CONCURRENCY, hashingConcurrency: CORES, argon2id: { memoryCost: hashParameters.memoryCost, timeCost: hashParameters.timeCost, calibration: calibration?.steps ?? null }, ours: login.ours, rawArgon2: login.raw, ratios: loginRatios, cpuMsPerLogin: cpu.login, cpuMsPerRawVerify: cpu.raw, p99Ms: login.p99, nonSuccessPerRound: login.failures, rawArgon2AtClientConcurrency: rawAtClients },
    flood: flood && { concurrency: FLOOD_CONCURRENCY, loginsPerSec: flood.loginsPerSec, tooManyPerSec: flood.tooManyPerSec, other: flood.other, errors: flood.errors, p99Ms: flood.latencyMs.p99 },
    targets,
  };
  results.writeResults('identity', summary);
  console.log(`\n/auth/me: ours ${spread(me.ours)} req/s, bare ${spread(me.bare)} req/s; ratio median ${meRatio.toFixed(2)} (rounds ${meRatios.map((r) => r.toFixed(2)).join(', ')})`);
  console.log(`login: ours ${login.ours.map((v) => v.toFixed(1)).join(', ')}/s, raw argon2id ${login.raw.map((v) => v.toFixed(1)).join(', ')}/s; ratio median ${loginRatio.toFixed(2)} (rounds ${loginRatios.map((r) => r.toFixed(2)).join(', ')})`);
  if (cpu.login.length) {
    const m = (pick: (c: ReturnType<typeof cpuMsPer>) => number) => median(cpu.login.map(pick)).toFixed(1);
    console.log(`CPU ms per login (median): server ${m((c) => c.server)} (event loop ${m((c) => c.serverMain)}; one raw verification costs ${median(cpu.raw).toFixed(1)}), MariaDB ${m((c) => c.db)}, load generator ${m((c) => c.bench)}`);
  }
  console.log(`load at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(JSON.stringify(summary));
  if (targets.some((t) => !t.met)) process.exitCode = 1;
}

main()
  .catch((err: Error) => { console.error(`identity bench failed: ${err.message}`); process.exitCode = 1; })
  .finally(() => cleanUp().catch(() => undefined));
