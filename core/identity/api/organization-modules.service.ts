import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { NotFoundError, ValidationError } from '../../http/errors';
import { ModuleConfigService } from '../../modules/module-config.service';
import { Organization } from '../models/organization.model';
import { parseSettings } from '../organization-settings';
import { changeEvent, type Actor } from './actor';
import { ESSENTIAL_MODULES, MODULE_SETTING_KEYS, upstreamDefault } from './module-keys';
import type { ModulesPatch, OrganizationModules } from './organization-modules.types';

/**
 * The department's module switches. Installed modules live in `module_config` (the kernel's gate
 * reads it, and `announce()` makes every process drop its copy within a second); the SPA's other
 * keys are only navigation flags, kept in `settings.modules` as the original does.
 */
@injectable()
export class OrganizationModulesService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async get(organizationId: string): Promise<OrganizationModules> {
    const org = await Organization.findByPk(organizationId, { attributes: ['id', 'settings'], raw: true });
    if (!org) throw new NotFoundError('Organization not found', 'LB-ORG-001');
    const stored = this.storedFlags(org.settings);
    const settings: Record<string, boolean> = {};
    for (const key of MODULE_SETTING_KEYS) settings[key] = await this.enabled(organizationId, key, stored);
    const extra: string[] = [];
    for (const m of this.modules.installed()) {
      const key = m.manifest.key;
      if (!(key in settings) && (await this.modules.isEnabled(organizationId, key))) extra.push(key);
    }
    return { enabled_modules: [...ESSENTIAL_MODULES, ...MODULE_SETTING_KEYS.filter((k) => settings[k]), ...extra.sort()], module_settings: settings };
  }

  async update(actor: Actor, patch: ModulesPatch): Promise<OrganizationModules> {
    const org = actor.auth.organizationId;
    const unknown = Object.keys(patch).filter((k) => !(MODULE_SETTING_KEYS as readonly string[]).includes(k) && !this.modules.isInstalled(k));
    if (unknown.length > 0) throw new ValidationError(unknown.map((k) => ({ field: k, message: 'Unknown module' })));
    let changed = 0;
    await this.db.transaction(async (tx) => {
      const row = await Organization.findByPk(org, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!row) throw new NotFoundError('Organization not found', 'LB-ORG-001');
      const settings = parseSettings(row.settings);
      const flags = this.storedFlags(settings);
      let flagsChanged = false;
      for (const [key, enabled] of Object.entries(patch)) {
        const previous = await this.enabled(org, key, flags);
        if (this.modules.isInstalled(key)) {
          // Written even when unchanged: the row then records that the department chose it.
          await this.modules.write(tx, org, key, { enabled }, actor.auth.userId);
        } else {
          flags[key] = enabled;
          flagsChanged = true;
        }
        if (previous !== enabled) {
          changed++;
          this.recordToggle(tx, actor, key, enabled, previous);
        }
      }
      if (flagsChanged) {
        // Only `modules` is touched; the rest of the document (secrets as ciphertext) is kept as stored.
        await row.update({ settings: { ...settings, modules: { ...flags, _user_configured: true } } }, { transaction: tx });
      }
    });
    if (changed > 0 || Object.keys(patch).some((k) => this.modules.isInstalled(k))) await this.modules.announce(org);
    return this.get(org);
  }

  private recordToggle(tx: Transaction, actor: Actor, key: string, enabled: boolean, previous: boolean): void {
    this.audit.record(tx, changeEvent(actor, {
      eventType: enabled ? 'module.enabled' : 'module.disabled', eventCategory: 'modules', resourceType: 'module', resourceId: key,
      severity: 'warning', eventData: { module: key, enabled, previous, installed: this.modules.isInstalled(key) },
    }));
  }

  private storedFlags(raw: unknown): Record<string, boolean> {
    const modules = parseSettings(raw).modules;
    const flags: Record<string, boolean> = {};
    if (modules && typeof modules === 'object') {
      for (const [k, v] of Object.entries(modules as Record<string, unknown>)) if (typeof v === 'boolean' && k !== '_user_configured') flags[k] = v;
    }
    return flags;
  }

  private async enabled(organizationId: string, key: string, stored: Record<string, boolean>): Promise<boolean> {
    if (this.modules.isInstalled(key)) return this.modules.isEnabled(organizationId, key);
    return stored[key] ?? upstreamDefault(key);
  }
}
