/**
 * Seed speed (issue #7), on MariaDB (a database of its own, created and dropped here).
 *
 * 1. `logbook seed --scale 500` as an operator runs it (the compiled CLI in a child process, wall
 *    time from spawn to exit, boot included): 500 members and 50,000 training records in audited
 *    bulk batches. Target: under 120 s. Records/s is the seed's own figure (rows / seed time).
 * 2. For reference, no target: `logbook seed --demo` (every row through the API's services) and a
 *    second `--demo` run (nothing to create).
 *
 * Run: `node bench/run.js seed` (after `npm run build`), or `npx ts-node bench/seed.bench.ts`.
 * Environment: BENCH_DB_HOST/PORT/USER/PASSWORD (root@127.0.0.1:3306), BENCH_SEED_MEMBERS (500),
 * BENCH_KEEP_DB=1. Prints a table, then one line of JSON; writes bench/results/seed.json for bench/run.js.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

const ROOT = path.resolve(__dirname, '..');
const DB = {
  host: process.env.BENCH_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};
const NAME = `lbbench_seed_${process.pid}`;
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-seed-bench-'));
const MEMBERS = Number(process.env.BENCH_SEED_MEMBERS ?? 500);
const TARGET_S = 120;

interface Target { met: boolean }
interface Results { writeResults(name: string, data: unknown): string; target(name: string, value: number, op: string, limit: number, unit?: string): Target }
interface Table { formatTable(header: string[], rows: unknown[][]): string; int(n: number): string; fixed(n: number, digits?: number): string }
// bench/lib is plain JavaScript shared by every bench (run.js reads what it writes).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const results = require('./lib/results') as Results;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropScratchDatabase } = require('./lib/scratch-database') as { dropScratchDatabase(admin: { query(sql: string): Promise<unknown> }, name: string, dataDir: string): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { formatTable, int, fixed } = require('./lib/table') as Table;

const ENV = {
  ...process.env, ENVIRONMENT: 'development', LOG_LEVEL: 'warn', DATA_DIR, MODULE_DIRS: '', MODULES: '',
  DB_HOST: DB.host, DB_PORT: String(DB.port), DB_USER: DB.user, DB_PASSWORD: DB.password, DB_NAME: NAME, REDIS_HOST: '', JOBS_ENABLED: 'false',
};

/** The compiled CLI when built (what an operator runs), else the sources under ts-node. */
function cliArgs(args: string[]): string[] {
  const compiled = path.join(ROOT, 'dist', 'core', 'cli', 'main.js');
  return fs.existsSync(compiled) ? [path.join(ROOT, 'bin', 'logbook.js'), ...args] : ['-r', 'ts-node/register', path.join(ROOT, 'core', 'cli', 'main.ts'), ...args];
}

function run(args: string[]): Promise<{ seconds: number; stdout: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, cliArgs(args), { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => child.once('exit', (code) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code === 0) resolve({ seconds, stdout }); else reject(new Error(`logbook ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').pop()}`));
  }));
}

async function main(): Promise<void> {
  const admin = await mysql.createConnection(DB);
  await admin.query(`CREATE DATABASE \`${NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    await run(['migrate', 'up']);
    const scale = await run(['seed', '--scale', String(MEMBERS), '--json']);
    const s = JSON.parse(scale.stdout) as { members: number; rows: Record<string, number>; batches: number; seconds: number; recordsPerSecond: number };
    const demo = await run(['seed', '--demo', '--json']);
    const d = JSON.parse(demo.stdout) as { modules: Array<{ module: string; created: Record<string, number> }> };
    const again = await run(['seed', '--demo', '--json']);
    const demoRows = 1 + 41 + d.modules.reduce((n, m) => n + Object.values(m.created).reduce((a, b) => a + b, 0), 0);
    const rows = Object.values(s.rows).reduce((a, b) => a + b, 0);

    const figures = {
      members: s.members, trainingRecords: s.rows.training_records ?? 0, rows, batches: s.batches,
      wallSeconds: Number(scale.seconds.toFixed(1)), seedSeconds: Number(s.seconds.toFixed(1)), recordsPerSecond: Math.round(s.recordsPerSecond),
      demoSeconds: Number(demo.seconds.toFixed(1)), demoCreated: demoRows, demoSecondRunSeconds: Number(again.seconds.toFixed(1)),
      load: Number(os.loadavg()[0].toFixed(2)), node: process.version, cpus: os.cpus().length,
    };
    console.log(formatTable(['run', 'members', 'rows', 'wall s', 'seed s', 'records/s'], [
      [`seed --scale ${MEMBERS}`, int(s.members), int(rows), fixed(scale.seconds, 1), fixed(s.seconds, 1), int(s.recordsPerSecond)],
      ['seed --demo (services)', '40', `${int(demoRows)} objects`, fixed(demo.seconds, 1), '', ''],
      ['seed --demo (second run)', '40', '0 objects', fixed(again.seconds, 1), '', ''],
    ]));
    console.log(JSON.stringify(figures));
    const targets = [results.target(`seed --scale ${MEMBERS} wall time`, figures.wallSeconds, '<', TARGET_S, 's')];
    results.writeResults('seed', { summary: figures, targets });
    if (targets.some((t) => !t.met)) process.exitCode = 1;
  } finally {
    await dropScratchDatabase(admin, NAME, DATA_DIR);
    await admin.end();
  }
}

main().catch((err: Error) => {
  console.error(`seed bench failed: ${err.message}`);
  process.exit(1);
});
