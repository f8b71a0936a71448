/**
 * Audit log benchmarks, on MariaDB (a database of its own, created and dropped here):
 *
 * 1. Appends/s with 16 concurrent writers on one chain (the worst case: every append waits for the
 *    same head lock), one event per transaction and batches of 100, next to a minimal mysql2 script
 *    doing the same locked insert (SELECT … FOR UPDATE on the head, INSERT, UPDATE head, COMMIT) in
 *    the same run, interleaved. Target: ours / minimal >= 0.8.
 * 2. Verify rate over 1,000,000 entries (bulk-generated, checkpointed every 1000) with the compiled
 *    `logbook audit verify` CLI, as production runs it, and that process's peak RSS. Targets:
 *    >= 100,000 entries/s, < 200 MB. (Under ts-node the TypeScript compiler alone takes ~200 MB,
 *    so the in-process figure is shown for reference only.)
 *
 * Run: `npx ts-node bench/audit.bench.ts`. Environment: BENCH_DB_HOST/PORT/USER/PASSWORD (default
 * root@127.0.0.1:3306), BENCH_PHASE_MS per append phase (5000), BENCH_VERIFY_ENTRIES (1000000),
 * BENCH_PARTS (append,verify), BENCH_APPEND_PHASES (single,batch), BENCH_ROUNDS of interleaved
 * append phases (2; each round's ratio is printed), BENCH_KEEP_DB=1 to keep the database for a look afterwards.
 * Prints readable lines, then one line of JSON; writes bench/results/audit.json for bench/run.js.
 */
import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logging/logger';
import { Kernel } from '../core/kernel/kernel';
import { AuditService } from '../core/audit/audit.service';
import { GENESIS_HASH, HASH_VERSION, HASHED_COLUMNS, type AuditEntryFields } from '../core/audit/audit-entry';
import { canonicalEntry } from '../core/audit/entry-hash';
import { SegmentRoots } from '../core/audit/merkle';
import { isoToDb, microsToIso } from '../core/audit/audit-time';

const ROOT = path.resolve(__dirname, '..');
const DB = {
  host: process.env.BENCH_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};
const NAME = `lbbench_audit_${process.pid}`;
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-audit-bench-'));
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 5000);
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 1_000_000);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'append,verify').split(','));
const APPEND_PHASES = new Set((process.env.BENCH_APPEND_PHASES ?? 'single,batch').split(','));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const WRITERS = 16;
const VERIFY_ORG_SLUG = 'bench-verify';

// loadConfig() (called in main) and the CLI child read the environment: point both at the bench database.
Object.assign(process.env, {
  ENVIRONMENT: 'development', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DATA_DIR, MODULE_DIRS: '', MODULES: '',
  DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME: NAME,
  DB_POOL_MAX: String(WRITERS + 4), DB_ACQUIRE_TIMEOUT_MS: '30000', REDIS_HOST: '', JOBS_ENABLED: 'false',
});

interface Target { met: boolean }
interface Results { writeResults(name: string, data: unknown): string; target(name: string, value: number, op: string, limit: number, unit?: string): Target }
let results: Results | null = null;
try {
  // bench/lib is plain JavaScript shared by every bench (run.js reads what it writes).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  results = require('./lib/results') as Results;
} catch {
  results = null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropScratchDatabase } = require('./lib/scratch-database') as { dropScratchDatabase(admin: { query(sql: string): Promise<unknown> }, name: string, dataDir: string): Promise<void> };

const pretty = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

/** Runs `writer` on 16 concurrent loops for PHASE_MS (after a short warm-up); returns events appended per second. */
async function phase(perTx: number, writer: () => Promise<void>): Promise<number> {
  const warmup = Date.now() + 500;
  while (Date.now() < warmup) await writer();
  let transactions = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + PHASE_MS;
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (Date.now() < deadline) { await writer(); transactions++; }
  }));
  return (transactions * perTx) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The minimal script: what any correct appender must do, with nothing around it. */
function minimalWriter(pool: mysql.Pool, chainId: string, perTx: number, key: Buffer): () => Promise<void> {
  const columns = [...HASHED_COLUMNS, 'current_hash'];
  const rowSql = `(${columns.map(() => '?').join(',')})`;
  return async () => {
    const conn = await pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      const [rows] = await conn.query('SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = ? FOR UPDATE', [chainId]);
      let { last_seq: seq, last_hash: previous } = (rows as Array<{ last_seq: number; last_hash: string }>)[0];
      const values: unknown[] = [];
      const ts = isoToDb(microsToIso(Date.now() * 1000), 'mysql');
      for (let i = 0; i < perTx; i++) {
        seq++;
        const row = [chainId, seq, ts, 'bench.minimal', 'bench', 'info', null, 'u1', 'bench', null, '127.0.0.1', 'bench', null, null, null, 'success', '{"n":1}', previous, 1, 'minimal'];
        const hash = crypto.createHmac('sha256', key).update(JSON.stringify(row)).digest('hex');
        values.push(...row, hash);
        previous = hash;
      }
      await conn.query(`INSERT INTO audit_logs (${columns.join(',')}) VALUES ${new Array(perTx).fill(rowSql).join(',')}`, values);
      await conn.query('UPDATE audit_chain_heads SET last_seq = ?, last_hash = ?, updated_at = NOW(6) WHERE chain_id = ?', [seq, previous, chainId]);
      await conn.query('COMMIT');
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      conn.release();
    }
  };
}

function oursWriter(kernel: Kernel, audit: AuditService, organizationId: string, perTx: number): () => Promise<void> {
  return () => kernel.db.transaction(async (tx) => {
    for (let i = 0; i < perTx; i++) {
      audit.record(tx, { eventType: 'bench.ours', eventCategory: 'bench', organizationId, userId: 'u1', username: 'bench', ipAddress: '127.0.0.1', userAgent: 'bench', eventData: { n: 1 } });
    }
  });
}

interface AppendFigures { single: { minimal: number; ours: number }; batch: { minimal: number; ours: number } }

async function benchAppends(kernel: Kernel, audit: AuditService, hmacKey: Buffer): Promise<AppendFigures> {
  const pool = mysql.createPool({ ...DB, database: NAME, connectionLimit: WRITERS, charset: 'utf8mb4' });
  const ours = crypto.randomUUID();
  const minimal = crypto.randomUUID();
  await pool.query('INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash, updated_at) VALUES (?, 0, ?, NOW(6))', [minimal, GENESIS_HASH]);
  // Interleaved, so drift in the machine's load (other work, the disk) hits both sides alike.
  const figures: AppendFigures = { single: { minimal: 0, ours: 0 }, batch: { minimal: 0, ours: 0 } };
  const phases = [['single', 1], ['batch', 100]] as const;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, perTx] of phases) {
      if (!APPEND_PHASES.has(name)) continue;
      const m = await phase(perTx, minimalWriter(pool, minimal, perTx, hmacKey));
      const o = await phase(perTx, oursWriter(kernel, audit, ours, perTx));
      figures[name].minimal += m / ROUNDS;
      figures[name].ours += o / ROUNDS;
      console.log(`  round ${round + 1}, ${perTx} per transaction: ours ${pretty(o)}, minimal ${pretty(m)} (${(o / m).toFixed(2)}), load ${os.loadavg()[0].toFixed(1)}`);
    }
  }
  await audit.drain();
  await pool.end();
  const appended = await audit.verify({ chainIds: [ours] });
  if (!appended.intact) throw new Error(`the benchmarked chain does not verify: ${JSON.stringify(appended.problems.slice(0, 3))}`);
  return figures;
}

/** Writes `count` valid entries (and a checkpoint every 1000) straight into the tables, fast. */
async function generateChain(conn: mysql.Connection, audit: AuditService, chainId: string, count: number): Promise<void> {
  const columns = [...HASHED_COLUMNS, 'current_hash'];
  const rowSql = `(${columns.map(() => '?').join(',')})`;
  const cpColumns = ['chain_id', 'last_seq', 'count', 'head_hash', 'merkle_root', 'content_digest', 'created_at', 'key_id', 'signature'] as const;
  const PER_STATEMENT = 2000;
  const base = Date.now() * 1000 - count * 1000;
  // An organization owns the chain, so the CLI can be pointed at it with --org.
  await conn.query("INSERT INTO organizations (id, name, slug, timezone, active, created_at, updated_at) VALUES (?, 'Bench', ?, 'UTC', 1, NOW(3), NOW(3))", [chainId, VERIFY_ORG_SLUG]);
  await conn.query('START TRANSACTION');
  let previous = GENESIS_HASH;
  let roots = new SegmentRoots();
  let values: unknown[] = [];
  let rows = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const checkpoints: unknown[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const entry: AuditEntryFields = {
      chain_id: chainId, seq, timestamp: microsToIso(base + seq * 1000), event_type: seq % 7 === 0 ? 'member.updated' : 'auth.login',
      event_category: 'bench', severity: seq % 50 === 0 ? 'warning' : 'info', organization_id: chainId, user_id: `user-${seq % 300}`,
      username: `member${seq % 300}`, session_id: crypto.createHash('sha256').update(String(seq % 1000)).digest('hex'), ip_address: '198.51.100.7',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0', request_id: `req-${seq}`, resource_type: 'member',
      resource_id: `m-${seq % 500}`, outcome: 'success', event_data: `{"changed":["email","phone"],"n":${seq}}`, previous_hash: previous,
      hash_version: HASH_VERSION, key_id: audit.hasher.keyId,
    };
    const canonical = canonicalEntry(entry);
    const hash = audit.hasher.hashCanonical(canonical);
    for (const c of HASHED_COLUMNS) values.push(c === 'timestamp' ? isoToDb(entry.timestamp, 'mysql') : entry[c]);
    values.push(hash);
    roots.add(hash, canonical);
    previous = hash;
    rows++;
    if (seq % 1000 === 0 || seq === count) {
      const cp = audit.signer.sign({ chain_id: chainId, last_seq: seq, count: roots.size, head_hash: hash, ...roots.checkpointRoots(), created_at: microsToIso(base + seq * 1000 + 1) });
      checkpoints.push(...cpColumns.map((c) => (c === 'created_at' ? isoToDb(cp.created_at, 'mysql') : cp[c])));
      roots = new SegmentRoots();
    }
    if (rows === PER_STATEMENT || seq === count) {
      const sql = `INSERT INTO audit_logs (${columns.join(',')}) VALUES ${new Array(rows).fill(rowSql).join(',')}`;
      await pending; // one statement in flight while the next batch is hashed
      pending = conn.query(sql, values);
      values = [];
      rows = 0;
      if (seq % 100_000 === 0) { await pending; await conn.query('COMMIT'); await conn.query('START TRANSACTION'); }
    }
  }
  await pending;
  const cpRow = `(${cpColumns.map(() => '?').join(',')})`;
  const perInsert = cpColumns.length * 500;
  for (let i = 0; i < checkpoints.length; i += perInsert) {
    const chunk = checkpoints.slice(i, i + perInsert);
    await conn.query(`INSERT INTO audit_checkpoints (${cpColumns.join(',')}) VALUES ${new Array(chunk.length / cpColumns.length).fill(cpRow).join(',')}`, chunk);
  }
  await conn.query('INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash, updated_at) VALUES (?, ?, ?, NOW(6))', [chainId, count, previous]);
  await conn.query('COMMIT');
}

interface VerifyFigures {
  /** The `logbook audit verify` CLI, compiled as in production: what the targets are judged on. */
  cli: { rate: number; peakRssMb: number; seconds: number } | null;
  /** The same verification in this (ts-node) process. */
  inProcess: { rate: number; seconds: number; cpuMicrosPerEntry: number };
  bareReadRate: number;
  generateMs: number;
  checkpoints: number;
}

/** Compiles the server as `npm run build` does, into a cache folder inside the project (paths.ts looks for package.json above it). */
function compileServer(): string | null {
  const out = path.join(ROOT, 'node_modules', '.cache', 'logbook-audit-bench');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: ROOT, stdio: 'pipe' });
    return out;
  } catch (err) {
    const first = String((err as { stdout?: Buffer }).stdout ?? '').split('\n')[0];
    console.error(`could not compile the server for the CLI measurement (${first}); reporting the in-process figures only`);
    return null;
  }
}

/** Runs the compiled `logbook audit verify --org bench-verify --json`; reads its report and its peak RSS. */
function runCompiledVerify(dir: string): { rate: number; peakRssMb: number; seconds: number } {
  const main = path.join(dir, 'core', 'cli', 'main.js');
  const script = `require(${JSON.stringify(main)}).runCli(['audit', 'verify', '--org', ${JSON.stringify(VERIFY_ORG_SLUG)}, '--json'])`
    + '.then((code) => { process.stderr.write("\\nmaxRSS " + process.resourceUsage().maxRSS + "\\n"); process.exit(code); })';
  const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the compiled CLI exited ${child.status}: ${child.stderr.slice(0, 300)}`);
  const report = JSON.parse(child.stdout) as { total_checked: number; duration_ms: number; intact: boolean };
  if (!report.intact || report.total_checked !== VERIFY_ENTRIES) throw new Error('the compiled CLI did not find the generated chain intact');
  const rssKb = Number(/maxRSS (\d+)/.exec(child.stderr)?.[1]);
  return { rate: report.total_checked / (report.duration_ms / 1000), peakRssMb: Math.round(rssKb / 1024), seconds: report.duration_ms / 1000 };
}

async function benchVerify(audit: AuditService): Promise<VerifyFigures> {
  const compiled = compileServer();
  const genConn = await mysql.createConnection({ ...DB, database: NAME, charset: 'utf8mb4' });
  const chain = crypto.randomUUID();
  const genStarted = Date.now();
  await generateChain(genConn, audit, chain, VERIFY_ENTRIES);
  await genConn.end();
  const generateMs = Date.now() - genStarted;

  // Reference: the same keyset pages read by bare mysql2 with no checks, the database's share of the time.
  const readConn = await mysql.createConnection({ ...DB, database: NAME, charset: 'utf8mb4', dateStrings: true, jsonStrings: true, supportBigNumbers: true });
  const readStarted = process.hrtime.bigint();
  for (let after = 0; after < VERIFY_ENTRIES;) {
    const [rows] = await readConn.query({ sql: 'SELECT * FROM audit_logs WHERE chain_id = ? AND seq > ? ORDER BY seq LIMIT 1000', values: [chain, after], rowsAsArray: true });
    const list = rows as unknown[][];
    if (list.length === 0) break;
    after = Number(list[list.length - 1][2]);
  }
  const bareReadRate = VERIFY_ENTRIES / (Number(process.hrtime.bigint() - readStarted) / 1e9);
  await readConn.end();

  const cli = compiled ? runCompiledVerify(compiled) : null;

  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const report = await audit.verify({ chainIds: [chain] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // The CLI recorded its run in the chain (one entry past the generated ones).
  if (report.problem_count > 0 || report.total_checked < VERIFY_ENTRIES) throw new Error(`generated chain did not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
  return {
    cli,
    inProcess: { rate: report.total_checked / seconds, seconds, cpuMicrosPerEntry: (cpu.user + cpu.system) / report.total_checked },
    bareReadRate, generateMs, checkpoints: report.chains[0].checkpoints_checked,
  };
}

function print(appends: AppendFigures | null, verify: VerifyFigures | null): Record<string, unknown> {
  if (appends) {
    const { single, batch } = appends;
    if (single.minimal > 0) console.log(`appends/s, ${WRITERS} writers on one chain, 1 event per transaction: ours ${pretty(single.ours)}, minimal mysql2 ${pretty(single.minimal)} (ratio ${(single.ours / single.minimal).toFixed(2)})`);
    if (batch.minimal > 0) console.log(`appends/s, ${WRITERS} writers on one chain, 100 events per transaction: ours ${pretty(batch.ours)}, minimal mysql2 ${pretty(batch.minimal)} (ratio ${(batch.ours / batch.minimal).toFixed(2)})`);
  }
  if (verify) {
    console.log(`verify of ${pretty(VERIFY_ENTRIES)} entries (${verify.checkpoints} checkpoints; generated in ${(verify.generateMs / 1000).toFixed(1)} s; bare mysql2 keyset read ${pretty(verify.bareReadRate)} entries/s):`);
    if (verify.cli) console.log(`  compiled CLI (logbook audit verify): ${pretty(verify.cli.rate)} entries/s (${verify.cli.seconds.toFixed(2)} s), peak RSS of the whole process ${verify.cli.peakRssMb} MB`);
    console.log(`  in this ts-node process: ${pretty(verify.inProcess.rate)} entries/s, ${verify.inProcess.cpuMicrosPerEntry.toFixed(1)} µs of CPU per entry`);
  }
  const load = os.loadavg()[0];
  console.log(`machine: ${os.cpus().length} CPUs, load average ${load.toFixed(2)} at the end (other work on the machine shows in these figures)`);
  const round3 = (n: number) => Number(n.toFixed(3));
  const summary = {
    bench: 'audit', writers: WRITERS, phaseMs: PHASE_MS,
    ...(appends ? {
      ...(appends.single.minimal > 0 ? { appendsPerSecSingle: { ours: Math.round(appends.single.ours), minimal: Math.round(appends.single.minimal), ratio: round3(appends.single.ours / appends.single.minimal) } } : {}),
      ...(appends.batch.minimal > 0 ? { appendsPerSecBatch100: { ours: Math.round(appends.batch.ours), minimal: Math.round(appends.batch.minimal), ratio: round3(appends.batch.ours / appends.batch.minimal) } } : {}),
    } : {}),
    ...(verify ? {
      verify: {
        entries: VERIFY_ENTRIES, checkpoints: verify.checkpoints, bareReadPerSec: Math.round(verify.bareReadRate), generateSeconds: Number((verify.generateMs / 1000).toFixed(1)),
        cli: verify.cli ? { entriesPerSec: Math.round(verify.cli.rate), seconds: Number(verify.cli.seconds.toFixed(2)), peakRssMb: verify.cli.peakRssMb } : null,
        inProcess: { entriesPerSec: Math.round(verify.inProcess.rate), seconds: Number(verify.inProcess.seconds.toFixed(2)), cpuMicrosPerEntry: Number(verify.inProcess.cpuMicrosPerEntry.toFixed(1)) },
      },
    } : {}),
    loadAverage: Number(load.toFixed(2)), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown',
  };
  console.log(JSON.stringify(summary));
  return summary;
}

function record(summary: Record<string, unknown>, appends: AppendFigures | null, verify: VerifyFigures | null): void {
  if (!results) return;
  const r = results;
  const targets: Target[] = [];
  if (appends) {
    if (appends.single.minimal > 0) targets.push(r.target('appends ratio, 1 per transaction', Number((appends.single.ours / appends.single.minimal).toFixed(3)), '>=', 0.8));
    if (appends.batch.minimal > 0) targets.push(r.target('appends ratio, 100 per transaction', Number((appends.batch.ours / appends.batch.minimal).toFixed(3)), '>=', 0.8));
  }
  if (verify) {
    targets.push(r.target('verify rate', Math.round(verify.cli?.rate ?? verify.inProcess.rate), '>=', 100_000, 'entries/s'));
    if (verify.cli) targets.push(r.target('verify peak RSS (compiled CLI)', verify.cli.peakRssMb, '<', 200, 'MB'));
  }
  r.writeResults('audit', { summary, targets });
  if (targets.some((t) => !t.met)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const admin = await mysql.createConnection(DB);
  await admin.query(`CREATE DATABASE \`${NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let kernel: Kernel | null = null;
  try {
    const config = loadConfig();
    kernel = await new Kernel(config, createLogger(config)).boot({ migrate: true, jobs: false, http: false });
    const audit = kernel.container.get(AuditService);
    const appends = PARTS.has('append') ? await benchAppends(kernel, audit, Buffer.from(config.secrets.auditLogSigningKey)) : null;
    const verify = PARTS.has('verify') ? await benchVerify(audit) : null;
    record(print(appends, verify), appends, verify);
  } finally {
    await kernel?.close().catch(() => undefined);
    await dropScratchDatabase(admin, NAME, DATA_DIR);
    await admin.end();
  }
}

main().catch((err: Error) => {
  console.error(`audit bench failed: ${err.message}`);
  process.exit(1);
});
