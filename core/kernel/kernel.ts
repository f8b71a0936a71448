import path from 'node:path';
import type { Express, Router } from 'express';
import type { Container } from 'inversify';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { Bus, Cache } from '../cache';
import { createCacheAndBus } from '../cache';
import { Database, createSequelize } from '../database/database';
import { Migrator, type MigrationFolder } from '../database/migrator';
import { discoverModules } from '../modules/discovery';
import type { InstalledModule } from '../modules/manifest';
import { ModuleConfigService } from '../modules/module-config.service';
import { JobScheduler } from '../jobs/scheduler';
import { HealthService } from '../health/health.service';
import { mergeOpenApi, type OpenApiDocument } from '../docs/openapi';
import { csrfProtection } from '../security/csrf';
import { bindIdentity } from '../identity/identity.bindings';
import { iocContainer } from './ioc';
import { TOKENS } from './tokens';
import { CORE_MODELS } from './core-models';
import { createApp } from './app';
import { sourceRoot } from './paths';
import { SystemController } from '../system/system.controller';
import { AuditService } from '../audit/audit.service';
import { AUDIT_RECORDER } from '../audit/audit.types';
import { auditCheckpointJob } from '../audit/audit-checkpoint.job';
import { KeyRing } from '../encryption/key-ring';
import { bindFieldEncryption } from '../encryption/encryption.bindings';

export type KernelPhase = 'created' | 'connecting' | 'migrating' | 'loading' | 'ready' | 'stopping' | 'stopped';

export interface KernelOptions {
  /** Apply pending migrations (defaults to MIGRATE_ON_START). */
  migrate?: boolean;
  /** Start the job scheduler (defaults to JOBS_ENABLED; the CLI passes false). */
  jobs?: boolean;
  /** Build the express app (the CLI passes false). */
  http?: boolean;
}

/** Folders holding migrations: the core's and each installed module's. */
export function migrationFolders(modules: readonly InstalledModule[]): MigrationFolder[] {
  return [{ module: 'core', dir: path.join(sourceRoot, 'migrations') }, ...modules.map((m) => ({ module: m.manifest.key, dir: m.migrationsDir }))];
}

/**
 * One server process: config, database, cache and bus, installed modules, migrations, the
 * container, jobs and (optionally) the HTTP app. `boot()` brings them up in order; `close()` takes
 * them down in reverse. The CLI uses the same kernel without HTTP or jobs.
 */
export class Kernel {
  phase: KernelPhase = 'created';
  readonly container: Container = iocContainer;
  readonly db: Database;
  readonly modules: readonly InstalledModule[];
  readonly migrator: Migrator;
  cache!: Cache;
  bus!: Bus;
  moduleConfig!: ModuleConfigService;
  jobs!: JobScheduler;
  health!: HealthService;
  openapi!: OpenApiDocument;
  app: Express | null = null;

  constructor(readonly config: Config, readonly logger: Logger) {
    this.db = new Database(createSequelize(config, logger), logger, config.database.connectRetries);
    this.modules = discoverModules(config);
    this.db.addModels([...CORE_MODELS, ...this.modules.flatMap((m) => m.manifest.models)]);
    this.migrator = new Migrator(this.db, migrationFolders(this.modules), logger, config.database.dialect === 'sqlite' ? config.database.sqlitePath : null);
  }

  get ready(): boolean {
    return this.phase === 'ready';
  }

  async boot(options: KernelOptions = {}): Promise<this> {
    const c = this.container;
    c.bind(TOKENS.Config).toConstantValue(this.config);
    c.bind(TOKENS.Logger).toConstantValue(this.logger);
    c.bind(TOKENS.Database).toConstantValue(this.db);
    c.bind(TOKENS.InstalledModules).toConstantValue(this.modules);
    bindIdentity(c, this.config, this.modules);

    this.phase = 'connecting';
    // Key derivation (PBKDF2: about 0.4 s) runs on libuv's pool while we connect; awaited below.
    const keyRing = KeyRing.fromConfig(this.config);
    keyRing.catch(() => undefined);
    const { cache, bus } = await createCacheAndBus(this.config, this.logger);
    this.cache = cache;
    this.bus = bus;
    c.bind(TOKENS.Cache).toConstantValue(cache);
    c.bind(TOKENS.Bus).toConstantValue(bus);
    await this.db.connectWithRetry();
    bindFieldEncryption(c, { keyRing: await keyRing, db: this.db, logger: this.logger });

    if (options.migrate ?? this.config.migrateOnStart) {
      this.phase = 'migrating';
      const applied = await this.migrator.up();
      if (applied.length > 0) this.logger.info({ count: applied.length }, 'migrations applied');
    }

    this.phase = 'loading';
    c.bind(ModuleConfigService).toSelf();
    c.bind(AuditService).toSelf();
    c.bind(AUDIT_RECORDER).toService(AuditService);
    c.bind(SystemController).toSelf().inTransientScope();
    for (const m of this.modules) if (m.manifest.container) c.load(m.manifest.container);
    this.moduleConfig = c.get(ModuleConfigService);
    await this.moduleConfig.start();

    this.jobs = new JobScheduler(cache, c, this.logger);
    c.bind(JobScheduler).toConstantValue(this.jobs);
    this.jobs.register(auditCheckpointJob(this.config.audit.checkpointSeconds), 'core');
    for (const m of this.modules) for (const job of m.manifest.jobs ?? []) this.jobs.register(job, m.manifest.key);
    if (options.jobs ?? this.config.jobsEnabled) this.jobs.start();

    this.health = new HealthService(this.db, cache, this.config.version, () => ({ phase: this.phase, ready: this.ready }));
    if (options.http ?? true) {
      this.openapi = mergeOpenApi(this.config.appName, this.config.version, this.modules);
      this.app = createApp({
        config: this.config,
        logger: this.logger,
        health: this.health,
        openapi: this.openapi,
        modules: this.modules,
        moduleConfig: this.moduleConfig,
        coreRoutes: loadCoreRoutes(),
        apiMiddleware: [csrfProtection()],
      });
    }
    this.phase = 'ready';
    this.logger.info({ modules: this.modules.map((m) => m.manifest.key), database: this.db.dialect, cache: cache.kind }, 'kernel ready');
    return this;
  }

  /** Stops jobs, then closes the bus, cache and database. Safe to call twice. */
  async close(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'stopping';
    await this.jobs?.stop();
    await this.bus?.close().catch(() => undefined);
    await this.cache?.close().catch(() => undefined);
    await this.db.close().catch(() => undefined);
    this.container.unbindAll();
    this.phase = 'stopped';
  }
}

function loadCoreRoutes(): (router: Router) => void {
  // Generated at build time (npm run routes); required lazily so the CLI never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const generated = require('../generated/routes') as { RegisterRoutes: (router: Router) => void };
  return generated.RegisterRoutes;
}
