import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, cliConfig, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import { EXIT, guarded, usageError } from '../cli-errors';
import { isoOrDash, plural, table } from '../format';
import { MIGRATION_NAME, createMigrationFile, type MigrationStatus } from '../../database/migrator';
import { discoverModules } from '../../modules/discovery';
import { isCompiled, projectRoot, sourceRoot } from '../../kernel/paths';
import type { Kernel } from '../../kernel/kernel';

interface AppliedMigration {
  name: string;
  module: string;
  appliedAt: string | null;
}

/** `<stamp>.<module>.<what>`: the module is the second-to-last dotted part. */
function moduleOf(name: string): string {
  return name.split('.').at(-2) ?? '';
}

function applied(status: MigrationStatus): AppliedMigration[] {
  return status.executed.map((m) => ({ name: m.name, module: moduleOf(m.name), appliedAt: m.appliedAt ? isoOrDash(m.appliedAt) : null }));
}

interface DatabaseTarget {
  dialect: 'mysql' | 'sqlite';
  /** MySQL/MariaDB: database, host and port; SQLite: the file. Never credentials. */
  name?: string;
  host?: string;
  port?: number;
  file?: string;
}

/** Which database the command talks to, so nobody migrates the wrong one by accident. */
function target(kernel: Kernel): DatabaseTarget {
  const db = kernel.config.database;
  return db.dialect === 'mysql'
    ? { dialect: 'mysql', name: db.name, host: db.host ?? 'localhost', port: db.port }
    : { dialect: 'sqlite', file: db.sqlitePath };
}

function describeTarget(t: DatabaseTarget): string {
  return t.dialect === 'mysql' ? `mysql ${t.name} on ${t.host}:${t.port}` : `sqlite ${t.file}`;
}

function migrationName(value: string): string {
  if (!MIGRATION_NAME.test(value)) throw usageError('expected a migration name like 2026.11.27T10.00.00.core.create-organizations');
  return value;
}

function migrationNameOrZero(value: string): string | 0 {
  return value === '0' ? 0 : migrationName(value);
}

function printChanged(io: CliIo, verb: 'applied' | 'reverted', names: string[], json: boolean | undefined): void {
  if (json) { io.out(JSON.stringify({ [verb]: names }, null, 2)); return; }
  if (names.length === 0) { io.out(verb === 'applied' ? 'nothing to apply: the database is up to date' : 'nothing to revert'); return; }
  io.out(`${verb} ${plural(names.length, 'migration')}:`);
  for (const n of names) io.out(`  ${n}`);
}

/**
 * The folder a new migration belongs in: the core's, or the module's own. When the CLI runs from
 * dist/, templates still go into the TypeScript sources they are compiled from.
 */
function migrationsDirFor(moduleKey: string): string {
  const config = cliConfig();
  let dir: string;
  if (moduleKey === 'core') {
    dir = path.join(sourceRoot, 'migrations');
  } else {
    const modules = discoverModules(config);
    const found = modules.find((m) => m.manifest.key === moduleKey);
    if (!found) {
      const known = ['core', ...modules.map((m) => m.manifest.key)].join(', ');
      throw new CliError(`error: no installed module "${moduleKey}" (known: ${known})`, EXIT.failure);
    }
    dir = found.migrationsDir;
  }
  if (!isCompiled) return dir;
  if (!fs.existsSync(path.join(projectRoot, 'core', 'database', 'migration.types.ts'))) {
    throw new CliError('error: migrate create needs the TypeScript sources (a source checkout); this installation holds compiled code only', EXIT.failure);
  }
  const rel = path.relative(sourceRoot, dir);
  return rel.startsWith('..') || path.isAbsolute(rel) ? dir : path.join(projectRoot, rel);
}

function registerStatus(migrate: Command, io: CliIo): void {
  migrate
    .command('status')
    .description('show the current migration, what is applied (with when) and what is pending')
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { json?: boolean }) => withKernel(async (kernel) => {
      const status = await kernel.migrator.status();
      const done = applied(status);
      const where = target(kernel);
      if (opts.json) {
        io.out(JSON.stringify({ database: where, current: status.current, applied: done, pending: status.pending }, null, 2));
        return;
      }
      io.out(`database: ${describeTarget(where)}`);
      io.out(`current:  ${status.current ?? '(none)'}`);
      io.out(`applied:  ${done.length}`);
      if (done.length > 0) for (const l of table(['APPLIED AT', 'MODULE', 'NAME'], done.map((m) => [m.appliedAt ?? '-', m.module, m.name]))) io.out(`  ${l}`);
      io.out(`pending:  ${status.pending.length === 0 ? 'none' : status.pending.length}`);
      for (const l of status.pending.length ? table(['MODULE', 'NAME'], status.pending.map((n) => [moduleOf(n), n])) : []) io.out(`  ${l}`);
    })));
}

function registerHistory(migrate: Command, io: CliIo): void {
  migrate
    .command('history')
    .description('list applied migrations in the order they were applied, with timestamps')
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { json?: boolean }) => withKernel(async (kernel) => {
      // executed is in name order; a stable sort by time keeps name order within one run's second.
      const done = applied(await kernel.migrator.status())
        .sort((a, b) => (a.appliedAt ?? '').localeCompare(b.appliedAt ?? ''));
      if (opts.json) { io.out(JSON.stringify(done, null, 2)); return; }
      if (done.length === 0) { io.out('no migrations applied'); return; }
      for (const l of table(['APPLIED AT', 'MODULE', 'NAME'], done.map((m) => [m.appliedAt ?? '-', m.module, m.name]))) io.out(l);
    })));
}

/** `logbook migrate up|down|status|history|create`: the schema's only way to change. */
export const registerMigrateCommands: RegisterCommands = (program, io) => {
  const migrate = program
    .command('migrate')
    .description('apply, revert, inspect and create database migrations (core and every installed module)')
    .addHelpText('after', '\nExit codes: 0 ok, 1 failure, 2 usage error.');

  migrate
    .command('up')
    .description('apply pending migrations, all of them or up to and including --to')
    .option('--to <name>', 'stop after this migration', migrationName)
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { to?: string; json?: boolean }) => withKernel(async (kernel) => {
      printChanged(io, 'applied', await kernel.migrator.up({ to: opts.to }), opts.json);
    })));

  migrate
    .command('down')
    .description('revert the last migration, or down to and including --to (0 reverts everything)')
    .option('--to <name|0>', 'revert down to and including this migration; 0 for all', migrationNameOrZero)
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { to?: string | 0; json?: boolean }) => withKernel(async (kernel) => {
      printChanged(io, 'reverted', await kernel.migrator.down({ to: opts.to }), opts.json);
    })));

  registerStatus(migrate, io);
  registerHistory(migrate, io);

  migrate
    .command('create')
    .description('write a new migration template in the owning folder (migrations/ for core, else the module\'s)')
    .requiredOption('--module <key>', 'owning module: core or an installed module key')
    .requiredOption('--name <what>', 'what it does, e.g. "add station phone"')
    .action(guarded(async (opts: { module: string; name: string }) => {
      const dir = migrationsDirFor(opts.module);
      let file: string;
      try {
        file = createMigrationFile(dir, opts.module, opts.name);
      } catch (err) {
        throw new CliError(`error: ${(err as Error).message}`, (err as NodeJS.ErrnoException).code ? EXIT.failure : EXIT.usage);
      }
      const rel = path.relative(process.cwd(), file);
      io.out(`created ${rel.startsWith('..') || path.isAbsolute(rel) ? file : rel}`);
    }));
};
