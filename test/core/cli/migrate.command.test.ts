import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { runCli } from '../../support/processes';
import { Migrator, MIGRATION_NAME } from '../../../core/database/migrator';
import { migrationFolders } from '../../../core/kernel/kernel';
import { silentLogger } from '../../../core/logging/logger';
import { scratchDatabase, type ScratchDatabase } from '../database/scratch-databases';
import { expectOneLineError, json, runCliPairwise, type CliResult } from './cli-helpers';
import { createScratchModule, type ScratchModule } from './scratch-module';

interface StatusJson {
  database: { dialect: string };
  current: string | null;
  applied: Array<{ name: string; module: string; appliedAt: string | null }>;
  pending: string[];
}
type HistoryJson = StatusJson['applied'];

/** What one dialect's run through the CLI printed, plus the tables seen between steps. */
interface Lifecycle {
  results: Record<string, CliResult>;
  tablesAfterDownToZero: string[];
  tablesAfterUpAgain: string[];
}

describe('logbook migrate (spawned CLI)', () => {
  let names: string[];
  let modelTables: string[];
  const scratch: Partial<Record<'mysql' | 'sqlite', ScratchDatabase>> = {};
  const runs: Partial<Record<'mysql' | 'sqlite', Lifecycle>> = {};

  /**
   * Both dialects walk up -> down to nothing -> up at the same time (each a sequence of CLI
   * processes, since every step is a process start); the its below read what they printed.
   * MariaDB goes down with `--to <first>`, SQLite one step and then `--to 0`.
   */
  before(async function () {
    this.timeout(180_000);
    const kernel = await getTestKernel();
    names = kernel.migrator.discover().map((m) => m.name);
    modelTables = Object.values(kernel.db.sequelize.models).map((m) => String(m.getTableName()));
    scratch.mysql = await scratchDatabase('mysql', 'cli');
    scratch.sqlite = await scratchDatabase('sqlite', 'cli');
    const mysql = async (db: ScratchDatabase): Promise<Lifecycle> => {
      const r: Record<string, CliResult> = {};
      const cli = (...args: string[]) => runCli(['migrate', ...args], db.env);
      r.before = await cli('status');
      r.upTo = await cli('up', '--to', names[1], '--json');
      r.history = await cli('history', '--json');
      // Down to the first migration reverts everything applied here: the same end state as --to 0.
      r.downTo = await cli('down', '--to', names[0], '--json');
      const tablesAfterDownToZero = await db.tables();
      r.upAgain = await cli('up');
      const tablesAfterUpAgain = await db.tables();
      r.after = await cli('status', '--json');
      return { results: r, tablesAfterDownToZero, tablesAfterUpAgain };
    };
    const sqlite = async (db: ScratchDatabase): Promise<Lifecycle> => {
      const r: Record<string, CliResult> = {};
      const cli = (...args: string[]) => runCli(['migrate', ...args], db.env);
      r.up = await cli('up', '--json');
      r.history = await cli('history');
      r.downOne = await cli('down', '--json');
      r.downAll = await cli('down', '--to', '0', '--json');
      const tablesAfterDownToZero = await db.tables();
      r.upAgain = await cli('up', '--json');
      const tablesAfterUpAgain = await db.tables();
      r.after = await cli('status');
      return { results: r, tablesAfterDownToZero, tablesAfterUpAgain };
    };
    [runs.mysql, runs.sqlite] = await Promise.all([mysql(scratch.mysql), sqlite(scratch.sqlite)]);
  });

  after(async () => {
    await scratch.mysql?.remove();
    await scratch.sqlite?.remove();
  });

  describe('on MariaDB (a throwaway database)', () => {
    it('when nothing is applied, then status names the database, no current migration, and every migration as pending', () => {
      const out = runs.mysql!.results.before;
      expect(out.code, out.stderr).to.equal(0);
      expect(out.stdout).to.match(/^database: mysql \S+ on 127\.0\.0\.1:\d+$/m);
      expect(out.stdout).to.match(/^current: +\(none\)$/m);
      expect(out.stdout).to.match(/^applied: +0$/m);
      expect(out.stdout).to.match(new RegExp(`^pending: +${names.length}$`, 'm'));
      const pendingRows = out.stdout.split('\n').filter((l) => /^ {2}[a-z0-9_]+ +\d{4}\./.test(l)).map((l) => l.trim().split(/\s+/));
      expect(pendingRows.map(([, name]) => name)).to.deep.equal(names);
      expect(pendingRows.map(([module, name]) => module === name.split('.').at(-2))).to.not.include(false);
    });

    it('when migrating up --to the second, then it prints the first two as applied, in order', () => {
      expect(json(runs.mysql!.results.upTo)).to.deep.equal({ applied: names.slice(0, 2) });
    });

    it('when asking for history, then every applied migration is listed in order with its module and an ISO timestamp', () => {
      const history = json<HistoryJson>(runs.mysql!.results.history);
      expect(history.map((h) => h.name)).to.deep.equal(names.slice(0, 2));
      for (const h of history) {
        expect(h.module).to.equal(h.name.split('.').at(-2));
        expect(h.appliedAt).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    });

    it('when migrating down --to the first, then both revert newest first and every table is gone', () => {
      expect(json(runs.mysql!.results.downTo)).to.deep.equal({ reverted: [names[1], names[0]] });
      expect(runs.mysql!.tablesAfterDownToZero).to.deep.equal(['schema_migrations']);
    });

    it('when migrating up again, then every migration and every model table is back', () => {
      const up = runs.mysql!.results.upAgain;
      expect(up.code).to.equal(0);
      expect(up.stdout.split('\n')[0]).to.equal(`applied ${names.length} migrations:`);
      expect(runs.mysql!.tablesAfterUpAgain).to.include.members(modelTables);
      const after = json<StatusJson>(runs.mysql!.results.after);
      expect(after.database).to.deep.include({ dialect: 'mysql', name: scratch.mysql!.env.DB_NAME });
      expect(after.current).to.equal(names.at(-1));
      expect(after.applied.map((a) => a.name)).to.deep.equal(names);
      expect(after.pending).to.deep.equal([]);
    });
  });

  describe('on SQLite (the embedded profile, no Redis)', () => {
    it('when migrating up, then history lists each migration with its time, module and name', () => {
      expect(json(runs.sqlite!.results.up)).to.deep.equal({ applied: names });
      const history = runs.sqlite!.results.history;
      expect(history.code).to.equal(0);
      const lines = history.stdout.trim().split('\n');
      expect(lines[0]).to.match(/^APPLIED AT +MODULE +NAME$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/)[2])).to.deep.equal(names);
      for (const l of lines.slice(1)) expect(l).to.match(/^\d{4}-\d{2}-\d{2}T\S+Z +[a-z0-9_]+ +\S+$/);
    });

    it('when migrating down one step and then --to 0, then the last goes first, the rest after, and every table is gone', () => {
      expect(json(runs.sqlite!.results.downOne)).to.deep.equal({ reverted: [names.at(-1)] });
      expect(json(runs.sqlite!.results.downAll)).to.deep.equal({ reverted: names.slice(0, -1).reverse() });
      expect(runs.sqlite!.tablesAfterDownToZero).to.deep.equal(['schema_migrations']);
    });

    it('when migrating up again, then status shows the newest migration as current and nothing pending', () => {
      expect(json(runs.sqlite!.results.upAgain)).to.deep.equal({ applied: names });
      expect(runs.sqlite!.tablesAfterUpAgain).to.include.members(modelTables);
      const status = runs.sqlite!.results.after;
      expect(status.code).to.equal(0);
      expect(status.stdout).to.match(new RegExp(`^current: +${names.at(-1)!.replace(/\./g, '\\.')}$`, 'm'));
      expect(status.stdout).to.match(new RegExp(`^applied: +${names.length}$`, 'm'));
      expect(status.stdout).to.match(/^pending: +none$/m);
    });
  });

  describe('create', () => {
    let module: ScratchModule;

    before(() => { module = createScratchModule(); });
    after(() => module.remove());

    it('when creating a migration for a module, then a correctly named template lands in its folder and the migrator lists it as pending', async () => {
      const [created, unknown, badName] = await runCliPairwise([
        [['migrate', 'create', '--module', 'scratch', '--name', 'Add station phone'], { MODULE_DIRS: module.moduleDirs }],
        [['migrate', 'create', '--module', 'nosuch', '--name', 'anything'], { MODULE_DIRS: module.moduleDirs }],
        [['migrate', 'create', '--module', 'scratch', '--name', '!!!'], { MODULE_DIRS: module.moduleDirs }],
      ]);
      expect(created.code, created.stderr).to.equal(0);
      const files = fs.readdirSync(module.migrationsDir);
      expect(files).to.have.length(1);
      const name = files[0].replace(/\.ts$/, '');
      expect(name).to.match(MIGRATION_NAME).and.to.match(/\.scratch\.add-station-phone$/);
      expect(created.stdout.trim()).to.equal(`created ${path.join(module.migrationsDir, files[0])}`);

      // The template's imports resolve to the real migration types and helpers, wherever the folder is.
      const body = fs.readFileSync(path.join(module.migrationsDir, files[0]), 'utf8');
      const relative = [...body.matchAll(/from '(\.[^']+)'/g)].map((m) => m[1]);
      expect(relative).to.have.length(2);
      for (const spec of relative) expect(fs.existsSync(`${path.resolve(module.migrationsDir, spec)}.ts`), spec).to.equal(true);
      expect(body).to.match(/export const up: Migration/).and.to.match(/export const down: Migration/);

      const kernel = await getTestKernel();
      const migrator = new Migrator(kernel.db, [...migrationFolders(kernel.modules), { module: 'scratch', dir: module.migrationsDir }], silentLogger);
      expect(await migrator.pending()).to.deep.equal([name]);

      expectOneLineError(unknown, 1, /^error: no installed module "nosuch" \(known: core, .*\bscratch\b.*\)$/);
      expectOneLineError(badName, 2, /^error: --name must contain letters or digits$/);
      expect(fs.readdirSync(module.migrationsDir), 'refused runs write nothing').to.have.length(1);
    });
  });
});
