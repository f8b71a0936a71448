import fs from 'node:fs';
import path from 'node:path';
import { SequelizeStorage, Umzug, type RunnableMigration } from 'umzug';
import type { Database } from './database';
import type { Logger } from '../logging/logger';
import type { Migration, MigrationContext } from './migration.types';
import { withMigrationLock } from './migration-lock';
import { codeExtension, projectRoot } from '../kernel/paths';

/** A folder of migrations and the module that owns it (`core` for the kernel's). */
export interface MigrationFolder {
  module: string;
  dir: string;
}

export interface MigrationStatus {
  executed: Array<{ name: string; appliedAt: Date | null }>;
  pending: string[];
  current: string | null;
}

export const MIGRATIONS_TABLE = 'schema_migrations';
/** `YYYY.MM.DDTHH.mm.ss.<module>.<what>`: the name sorts by time across every folder. */
export const MIGRATION_NAME = /^\d{4}\.\d{2}\.\d{2}T\d{2}\.\d{2}\.\d{2}\.[a-z0-9_]+\.[a-z0-9-]+$/;

function listMigrationFiles(folder: MigrationFolder): Array<{ name: string; file: string }> {
  if (!fs.existsSync(folder.dir)) return [];
  return fs.readdirSync(folder.dir)
    .filter((f) => f.endsWith(codeExtension) && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ name: f.slice(0, -codeExtension.length), file: path.join(folder.dir, f) }));
}

/**
 * Umzug over the core's and every installed module's migrations folder, sorted by name (hence by
 * time) across folders, recorded without extension in `schema_migrations` so a ts-node run and the
 * compiled server agree on what ran. `up` takes a cross-process lock.
 */
export class Migrator {
  private readonly umzug: Umzug<MigrationContext>;
  private readonly storage: SequelizeStorage;

  constructor(private readonly db: Database, private readonly folders: MigrationFolder[], private readonly logger: Logger, private readonly sqlitePath: string | null = null) {
    const context: MigrationContext = { queryInterface: db.sequelize.getQueryInterface(), sequelize: db.sequelize, dialect: db.dialect };
    this.storage = new SequelizeStorage({ sequelize: db.sequelize, tableName: MIGRATIONS_TABLE, modelName: 'SchemaMigration', timestamps: true });
    this.umzug = new Umzug<MigrationContext>({
      context,
      storage: this.storage,
      logger: undefined,
      migrations: () => this.discover(),
    });
    this.umzug.on('migrating', ({ name }) => this.logger.info({ migration: name }, 'migrating'));
    this.umzug.on('reverting', ({ name }) => this.logger.info({ migration: name }, 'reverting'));
  }

  /** Every migration file, validated and sorted. A misnamed file or a duplicate name stops everything. */
  discover(): Array<RunnableMigration<MigrationContext>> {
    const seen = new Map<string, string>();
    const all: Array<RunnableMigration<MigrationContext>> = [];
    for (const folder of this.folders) {
      for (const { name, file } of listMigrationFiles(folder)) {
        if (!MIGRATION_NAME.test(name)) throw new Error(`migration ${file}: name must look like YYYY.MM.DDTHH.mm.ss.<module>.<what>`);
        if (seen.has(name)) throw new Error(`migration ${name} exists twice: ${seen.get(name)} and ${file}`);
        seen.set(name, file);
        all.push({
          name,
          path: file,
          up: async ({ context }) => (loadMigration(file).up)({ name, context }),
          down: async ({ context }) => {
            const m = loadMigration(file);
            if (!m.down) throw new Error(`migration ${name} has no down()`);
            return m.down({ name, context });
          },
        });
      }
    }
    return all.sort((a, b) => a.name.localeCompare(b.name));
  }

  async up(options: { to?: string } = {}): Promise<string[]> {
    return withMigrationLock(this.db, this.sqlitePath, async () => {
      if (!options.to) return (await this.umzug.up()).map((m) => m.name);
      this.assertKnown(options.to);
      // "Up to X" means X and everything before it applied, so an already-applied X is not an error
      // (deploy scripts re-run); only pending migrations sorting before it remain to apply.
      const to = options.to;
      const pending = (await this.umzug.pending()).map((m) => m.name);
      const target = pending.includes(to) ? to : pending.filter((n) => this.sortsBefore(n, to)).at(-1);
      return target ? (await this.umzug.up({ to: target })).map((m) => m.name) : [];
    });
  }

  /** One step back by default; `to` reverts down to and including that migration; `to: 0` reverts everything. */
  async down(options: { to?: string | 0 } = {}): Promise<string[]> {
    return withMigrationLock(this.db, this.sqlitePath, async () => {
      if (typeof options.to !== 'string') return (await this.umzug.down(options.to === 0 ? { to: 0 } : {})).map((m) => m.name);
      this.assertKnown(options.to);
      // Mirror of up: "down to X" leaves X and everything after it reverted, so a reverted X is not an error.
      const to = options.to;
      const executed = (await this.umzug.executed()).map((m) => m.name);
      const target = executed.includes(to) ? to : executed.filter((n) => this.sortsBefore(to, n)).at(0);
      return target ? (await this.umzug.down({ to: target })).map((m) => m.name) : [];
    });
  }

  async pending(): Promise<string[]> {
    return (await this.umzug.pending()).map((m) => m.name);
  }

  async status(): Promise<MigrationStatus> {
    const [executedNames, pending] = await Promise.all([this.umzug.executed(), this.umzug.pending()]);
    const applied = await this.appliedAt();
    const executed = executedNames.map((m) => ({ name: m.name, appliedAt: applied.get(m.name) ?? null }));
    return { executed, pending: pending.map((m) => m.name), current: executed.at(-1)?.name ?? null };
  }

  private async appliedAt(): Promise<Map<string, Date>> {
    const rows = await this.storage.model.findAll({ raw: true }) as unknown as Array<Record<string, unknown>>;
    return new Map(rows.map((r) => [String(r.name), new Date(String(r.createdAt ?? r.created_at))]));
  }

  /** Order as the migrator runs them (the same comparison discover() sorts with). */
  private sortsBefore(a: string, b: string): boolean {
    return a.localeCompare(b) < 0;
  }

  private assertKnown(name: string): void {
    if (!this.discover().some((m) => m.name === name)) throw new Error(`no migration named ${name}`);
  }
}

function loadMigration(file: string): { up: Migration; down?: Migration } {
  // require(), not import(): under mocha, Umzug's default resolver picks import(), which cannot load .ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { up?: Migration; down?: Migration };
  if (typeof mod.up !== 'function') throw new Error(`migration ${file} exports no up()`);
  return { up: mod.up, down: mod.down };
}

/** Writes a migration template in the owning folder and returns its path (used by `logbook migrate create`). */
export function createMigrationFile(dir: string, module: string, what: string, now = new Date()): string {
  if (!/^[a-z0-9_]+$/.test(module)) throw new Error('--module must be lower-case letters, digits or _');
  const slug = what.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (!slug) throw new Error('--name must contain letters or digits');
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}.${pad(now.getUTCMonth() + 1)}.${pad(now.getUTCDate())}T${pad(now.getUTCHours())}.${pad(now.getUTCMinutes())}.${pad(now.getUTCSeconds())}`;
  const file = path.join(dir, `${stamp}.${module}.${slug}.ts`);
  fs.mkdirSync(dir, { recursive: true });
  // Templates are TypeScript sources, so they import the sources (not dist/, when the CLI runs compiled).
  const importFrom = (name: string) => path.relative(dir, path.join(projectRoot, 'core', 'database', name)).split(path.sep).join('/').replace(/^(?!\.)/, './');
  const body = `import { DataTypes } from 'sequelize';
import type { Migration } from '${importFrom('migration.types')}';
import { tableOptions } from '${importFrom('table-options')}';

// Keep one logical change per migration: DDL commits implicitly on MySQL, so a half-applied file cannot roll back.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  void DataTypes; void tableOptions; void queryInterface; void dialect;
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  void queryInterface;
};
`;
  fs.writeFileSync(file, body, { flag: 'wx' });
  return file;
}
