import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { runCli, startServerProcess, type ServerProcess } from '../../support/processes';
import { MIGRATIONS_TABLE } from '../../../core/database/migrator';
import { json } from '../cli/cli-helpers';
import { scratchDatabase, type ScratchDatabase } from './scratch-databases';

/** The rows of schema_migrations, by name, with how often each appears. */
async function recorded(db: ScratchDatabase): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const database = db.open();
  try {
    const [rows] = await database.sequelize.query(`SELECT name FROM ${MIGRATIONS_TABLE}`, { raw: true });
    for (const r of rows as Array<{ name: string }>) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  } finally {
    await database.close();
  }
  return counts;
}

describe('migrations started by several processes at once', () => {
  let names: string[];

  before(async () => {
    names = (await getTestKernel()).migrator.discover().map((m) => m.name);
  });

  describe('two servers booting together against one fresh MariaDB database', () => {
    let db: ScratchDatabase;
    const servers: ServerProcess[] = [];

    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await db?.remove();
    });

    it('when both start with MIGRATE_ON_START, then each migration is applied exactly once and both answer /health with 200', async function () {
      this.timeout(120_000);
      db = await scratchDatabase('mysql', 'boot');
      const env = { ...db.env, MIGRATE_ON_START: 'true' };
      const started = await Promise.allSettled([startServerProcess(env, 90_000), startServerProcess(env, 90_000)]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      for (const s of started) if (s.status === 'rejected') throw s.reason;

      for (const server of servers) {
        const res = await fetch(`${server.url}/health`);
        expect(res.status, server.output()).to.equal(200);
      }
      const counts = await recorded(db);
      expect([...counts.keys()].sort()).to.deep.equal([...names].sort());
      expect([...counts.values()].every((n) => n === 1)).to.equal(true);
    });
  });

  describe('two `migrate up` runs at once on one fresh SQLite file (the lock file)', () => {
    let db: ScratchDatabase;

    after(async () => { await db?.remove(); });

    it('when both run together, then both exit 0 and between them every migration is applied once', async function () {
      this.timeout(120_000);
      db = await scratchDatabase('sqlite', 'lock');
      const [a, b] = await Promise.all([runCli(['migrate', 'up', '--json'], db.env), runCli(['migrate', 'up', '--json'], db.env)]);
      const appliedA = json<{ applied: string[] }>(a).applied;
      const appliedB = json<{ applied: string[] }>(b).applied;
      // One did the work, the other waited for the lock and found nothing left.
      expect([...appliedA, ...appliedB].sort()).to.deep.equal([...names].sort());
      expect([appliedA.length, appliedB.length].sort((x, y) => x - y)).to.deep.equal([0, names.length]);
      const counts = await recorded(db);
      expect([...counts.keys()].sort()).to.deep.equal([...names].sort());
      expect([...counts.values()].every((n) => n === 1)).to.equal(true);
    });
  });
});
