import crypto from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { TOKENS } from '../kernel/tokens';
import type { Bus } from '../cache';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import type { InstalledModule } from './manifest';
import { ModuleConfig } from './module-config.model';
import { NotFoundError, ValidationError } from '../http/errors';
import { AUDIT_RECORDER, type AuditRecorder } from '../audit/audit.types';

export const MODULES_CHANGED_CHANNEL = 'modules:changed';

export interface ModuleState {
  key: string;
  title: string;
  enabled: boolean;
  /** Whether a module_config row decides (false: the manifest's default). */
  configured: boolean;
  settings: Record<string, unknown>;
}

interface OrgEntry {
  loadedAt: number;
  rows: Map<string, { enabled: boolean; settings: Record<string, unknown> }>;
}

/**
 * Per-organization module switches and settings, read from `module_config` and kept in memory. A
 * change publishes on the bus, and every process drops its copy for that organization, so the new
 * state is seen everywhere well within a second. The short TTL is a safety net for a lost message:
 * an expired copy is still served while one reload runs in the background, so no request waits on
 * that reload (every gated request needs this state; at expiry under load they all would, and each
 * would fail with the reload when the pool is busy). A copy dropped by a change is not served.
 */
@injectable()
export class ModuleConfigService {
  static readonly TTL_MS = 10_000;
  /** After a failed reload, how long the previous copy is served before the next attempt. */
  static readonly RELOAD_RETRY_MS = 1_000;
  /** How long a copy is served without a reload (tests shorten it). */
  ttlMs = ModuleConfigService.TTL_MS;
  private readonly entries = new Map<string, OrgEntry>();
  private readonly loading = new Map<string, Promise<OrgEntry>>();
  /**
   * Bumped whenever an organization's copy is dropped: a load that started before the drop may
   * have read the old rows, so it is not kept (and the next read starts a new one).
   */
  private readonly generations = new Map<string, number>();
  private readonly byKey: Map<string, InstalledModule>;

  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Bus) private readonly bus: Bus,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.InstalledModules) modules: readonly InstalledModule[],
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    this.byKey = new Map(modules.map((m) => [m.manifest.key, m]));
  }

  /** Subscribes to changes made by other processes. Called once at boot. */
  async start(): Promise<void> {
    await this.bus.subscribe(MODULES_CHANGED_CHANNEL, (message) => {
      const orgId = (message as { organizationId?: unknown })?.organizationId;
      this.forget(typeof orgId === 'string' ? orgId : null);
    });
    this.bus.onReconnect(() => this.forget(null));
  }

  /** Drops an organization's copy (null: every organization's), and any load already under way for it. */
  private forget(organizationId: string | null): void {
    const ids = organizationId === null ? [...new Set([...this.entries.keys(), ...this.loading.keys()])] : [organizationId];
    for (const id of ids) {
      this.entries.delete(id);
      this.loading.delete(id);
      this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    }
  }

  installed(): InstalledModule[] {
    return [...this.byKey.values()];
  }

  isInstalled(key: string): boolean {
    return this.byKey.has(key);
  }

  private module(key: string): InstalledModule {
    const m = this.byKey.get(key);
    if (!m) throw new NotFoundError(`Module "${key}" is not installed`, 'LB-MOD-002');
    return m;
  }

  private async entry(organizationId: string): Promise<OrgEntry> {
    const cached = this.entries.get(organizationId);
    if (!cached) return this.reload(organizationId);
    if (Date.now() - cached.loadedAt >= this.ttlMs && !this.loading.has(organizationId)) {
      this.reload(organizationId).catch((err: Error) => {
        // Not again on the very next request: with the database failing fast, every gated request
        // would otherwise add a query and a log line to the trouble.
        cached.loadedAt = Date.now() - this.ttlMs + ModuleConfigService.RELOAD_RETRY_MS;
        this.logger.warn({ organizationId, reason: err.message }, 'module configuration reload failed; serving the previous copy');
      });
    }
    return cached;
  }

  /** One load per organization at a time; concurrent callers share it. */
  private reload(organizationId: string): Promise<OrgEntry> {
    let pending = this.loading.get(organizationId);
    if (!pending) {
      const started = pending = this.load(organizationId).finally(() => {
        if (this.loading.get(organizationId) === started) this.loading.delete(organizationId);
      });
      this.loading.set(organizationId, pending);
    }
    return pending;
  }

  private async load(organizationId: string): Promise<OrgEntry> {
    const generation = this.generations.get(organizationId) ?? 0;
    const rows = await ModuleConfig.findAll({ where: { organizationId }, attributes: ['moduleKey', 'enabled', 'settings'], raw: true });
    const entry: OrgEntry = { loadedAt: Date.now(), rows: new Map() };
    for (const r of rows) {
      const settings = typeof r.settings === 'string' ? JSON.parse(r.settings) as Record<string, unknown> : (r.settings ?? {});
      entry.rows.set(r.moduleKey, { enabled: Boolean(r.enabled), settings });
    }
    // Kept only if no change was announced meanwhile; this caller still gets what it read, as a
    // request that started before the change would have.
    if ((this.generations.get(organizationId) ?? 0) === generation) this.entries.set(organizationId, entry);
    return entry;
  }

  async isEnabled(organizationId: string, key: string): Promise<boolean> {
    const m = this.byKey.get(key);
    if (!m) return false;
    const row = (await this.entry(organizationId)).rows.get(key);
    return row ? row.enabled : m.manifest.defaultEnabled;
  }

  /** The module's settings for an organization, with the schema's defaults filled in. */
  async settings(organizationId: string, key: string): Promise<Record<string, unknown>> {
    const m = this.module(key);
    const stored = (await this.entry(organizationId)).rows.get(key)?.settings ?? {};
    const { value, error } = m.manifest.settingsSchema.validate(stored, { abortEarly: false, stripUnknown: true });
    if (error) {
      // Stored settings that no longer validate (e.g. after a schema change) fall back to defaults rather than break the module.
      this.logger.warn({ module: key, organizationId, problems: error.details.map((d) => d.message) }, 'stored module settings invalid; using defaults');
      return m.manifest.settingsSchema.validate({}).value as Record<string, unknown>;
    }
    return value as Record<string, unknown>;
  }

  async list(organizationId: string): Promise<ModuleState[]> {
    const entry = await this.entry(organizationId);
    const states: ModuleState[] = [];
    for (const m of this.byKey.values()) {
      const row = entry.rows.get(m.manifest.key);
      states.push({
        key: m.manifest.key,
        title: m.manifest.title,
        enabled: row ? row.enabled : m.manifest.defaultEnabled,
        configured: Boolean(row),
        settings: await this.settings(organizationId, m.manifest.key),
      });
    }
    return states;
  }

  /** Validates a full or partial settings object against the module's schema; 422 with field messages when it does not fit. */
  validateSettings(key: string, settings: Record<string, unknown>): Record<string, unknown> {
    const { value, error } = this.module(key).manifest.settingsSchema.validate(settings, { abortEarly: false });
    if (error) throw new ValidationError(error.details.map((d) => ({ field: d.path.join('.') || 'settings', message: d.message.replace(/"/g, '') })));
    return value as Record<string, unknown>;
  }

  /**
   * Writes an organization's switch and/or settings in the caller's transaction (so the caller can
   * audit in the same unit of work). Call `announce(organizationId)` after commit.
   */
  async write(tx: Transaction, organizationId: string, key: string, change: { enabled?: boolean; settings?: Record<string, unknown> }, actor: string | null): Promise<ModuleState> {
    const m = this.module(key);
    const existing = await ModuleConfig.findOne({ where: { organizationId, moduleKey: key }, transaction: tx, lock: tx.LOCK.UPDATE });
    const currentSettings = existing ? (typeof existing.settings === 'string' ? JSON.parse(existing.settings) as Record<string, unknown> : existing.settings) : {};
    const settings = change.settings ? this.validateSettings(key, { ...currentSettings, ...change.settings }) : currentSettings;
    const enabled = change.enabled ?? (existing ? existing.enabled : m.manifest.defaultEnabled);
    if (existing) {
      await existing.update({ enabled, settings, updatedBy: actor }, { transaction: tx });
    } else {
      await ModuleConfig.create({ id: crypto.randomUUID(), organizationId, moduleKey: key, enabled, settings, updatedBy: actor }, { transaction: tx });
    }
    this.forget(organizationId);
    return { key, title: m.manifest.title, enabled, configured: true, settings: this.validateSettings(key, settings) };
  }

  /** Tells every process (this one included) that an organization's modules changed. */
  async announce(organizationId: string): Promise<void> {
    this.forget(organizationId);
    try {
      await this.bus.publish(MODULES_CHANGED_CHANNEL, { organizationId });
    } catch (err) {
      this.logger.warn({ organizationId, reason: (err as Error).message }, 'could not announce module change; other processes pick it up within their cache TTL');
    }
  }

  /** For the CLI and tests: the switch and its audit entry in one transaction, then the announcement. */
  async setEnabled(organizationId: string, key: string, enabled: boolean, actor: string | null = null): Promise<ModuleState> {
    const state = await this.db.transaction(async (tx) => {
      const previous = await this.isEnabled(organizationId, key);
      const written = await this.write(tx, organizationId, key, { enabled }, actor);
      this.audit.record(tx, {
        eventType: enabled ? 'module.enabled' : 'module.disabled', eventCategory: 'modules', severity: 'warning',
        organizationId, username: actor, resourceType: 'module', resourceId: key,
        eventData: { module: key, enabled, previous, installed: true },
      });
      return written;
    });
    await this.announce(organizationId);
    return state;
  }
}
