import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { Migrator } from '../../../core/database/migrator';
import { migrationLockName } from '../../../core/database/migration-lock';
import { migrationFolders } from '../../../core/kernel/kernel';
import { silentLogger } from '../../../core/logging/logger';
import type { Database } from '../../../core/database/database';
import type { Kernel } from '../../../core/kernel/kernel';
import { scratchDatabase, type ScratchDatabase } from './scratch-databases';
import { schemaDrift } from './schema-drift';
import { tempDir } from '../cli/cli-helpers';

const FAILING = '2099.01.01T00.00.00.scratch.explode';

/** Every table a registered model expects; generic, so new modules are covered automatically. */
function modelTables(kernel: Kernel): string[] {
  return Object.values(kernel.db.sequelize.models).map((m) => String(m.getTableName()));
}

for (const dialect of ['mysql', 'sqlite'] as const) {
  describe(`Migrator on ${dialect === 'mysql' ? 'MariaDB' : 'SQLite'} (in process, a scratch database)`, () => {
    let kernel: Kernel;
    let scratch: ScratchDatabase;
    let db: Database;
    let migrator: Migrator;
    let names: string[];
    const applied = async () => (await migrator.status()).executed.map((m) => m.name);

    before(async () => {
      kernel = await getTestKernel();
      scratch = await scratchDatabase(dialect, 'mig');
      db = scratch.open();
      migrator = new Migrator(db, migrationFolders(kernel.modules), silentLogger, dialect === 'sqlite' ? scratch.config.database.sqlitePath : null);
      names = migrator.discover().map((m) => m.name);
      expect(names.length, 'the core and the fixture module bring at least three migrations').to.be.at.least(3);
    });

    after(async () => {
      await scratch?.remove();
    });

    it('when nothing is applied, then status lists every migration as pending, in name order, and none as current', async () => {
      const status = await migrator.status();
      expect(status).to.deep.equal({ executed: [], pending: names, current: null });
      expect([...names].sort((a, b) => a.localeCompare(b))).to.deep.equal(names);
    });

    it('when migrating up --to the first migration, then exactly that one is applied and current', async () => {
      expect(await migrator.up({ to: names[0] })).to.deep.equal([names[0]]);
      const status = await migrator.status();
      expect(status.current).to.equal(names[0]);
      expect(status.pending).to.deep.equal(names.slice(1));
    });

    it('when --to names a migration that is already applied, then up applies nothing and does not fail', async () => {
      expect(await migrator.up({ to: names[0] })).to.deep.equal([]);
      expect(await applied()).to.deep.equal([names[0]]);
    });

    it('when migrating up, then the rest is applied in name order, each with the time it was applied', async () => {
      const started = Date.now();
      expect(await migrator.up()).to.deep.equal(names.slice(1));
      const status = await migrator.status();
      expect(status.executed.map((m) => m.name)).to.deep.equal(names);
      expect(status.pending).to.deep.equal([]);
      expect(status.current).to.equal(names.at(-1));
      for (const m of status.executed) {
        expect(m.appliedAt, m.name).to.be.instanceOf(Date);
        // MySQL DATETIME keeps whole seconds, hence the slack.
        expect(m.appliedAt!.getTime(), m.name).to.be.within(started - 60_000, Date.now() + 1000);
      }
      expect(await migrator.up(), 'a second up has nothing left to do').to.deep.equal([]);
    });

    it('when migrating down without options, then only the last migration is reverted', async () => {
      expect(await migrator.down()).to.deep.equal([names.at(-1)]);
      expect(await applied()).to.deep.equal(names.slice(0, -1));
    });

    it('when migrating down --to the second migration, then it and everything after it are reverted, the first stays', async () => {
      expect(await migrator.down({ to: names[1] })).to.deep.equal(names.slice(1, -1).reverse());
      expect(await applied()).to.deep.equal([names[0]]);
      expect(await migrator.down({ to: names[1] }), 'repeating it changes nothing').to.deep.equal([]);
    });

    it('when --to names no migration at all, then up and down refuse and nothing changes', async () => {
      const unknown = '2000.01.01T00.00.00.core.never-written';
      let upError: Error | null = null;
      let downError: Error | null = null;
      await migrator.up({ to: unknown }).catch((e: Error) => { upError = e; });
      await migrator.down({ to: unknown }).catch((e: Error) => { downError = e; });
      expect(String(upError)).to.contain(`no migration named ${unknown}`);
      expect(String(downError)).to.contain(`no migration named ${unknown}`);
      expect(await applied()).to.deep.equal([names[0]]);
    });

    it('when migrating down to 0, then nothing is applied and only the migrations table is left', async () => {
      expect(await migrator.down({ to: 0 })).to.deep.equal([names[0]]);
      expect(await applied()).to.deep.equal([]);
      expect(await scratch.tables()).to.deep.equal(['schema_migrations']);
    });

    it('when migrating up again after that, then every model has its table back and it matches the model', async () => {
      expect(await migrator.up()).to.deep.equal(names);
      expect(await scratch.tables()).to.include.members(modelTables(kernel));
      expect(await schemaDrift(Object.values(kernel.db.sequelize.models), db.sequelize.getQueryInterface())).to.deep.equal([]);
    });

    it('when a migration fails, then the error names it, it stays pending, and the lock is released', async () => {
      const dir = tempDir('failing-migration');
      try {
        fs.writeFileSync(path.join(dir, `${FAILING}.ts`), "export const up = async () => { throw new Error('no such column: station_phone'); };\nexport const down = async () => undefined;\n");
        const withFailing = new Migrator(db, [...migrationFolders(kernel.modules), { module: 'scratch', dir }], silentLogger, dialect === 'sqlite' ? scratch.config.database.sqlitePath : null);
        let failure: Error | null = null;
        await withFailing.up().catch((e: Error) => { failure = e; });
        expect(String(failure)).to.contain(FAILING).and.to.contain('no such column: station_phone');
        expect((await withFailing.status()).pending).to.deep.equal([FAILING]);
        if (dialect === 'sqlite') {
          expect(fs.existsSync(`${scratch.config.database.sqlitePath}.migrate.lock`)).to.equal(false);
        } else {
          const [rows] = await db.sequelize.query('SELECT IS_FREE_LOCK(?) AS free', { replacements: [migrationLockName(scratch.config.database.name)], raw: true });
          expect(Number((rows as Array<{ free: number }>)[0].free)).to.equal(1);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
