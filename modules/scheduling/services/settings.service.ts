import { inject, injectable } from 'inversify';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { changeEvent, changedFields, type Actor } from '../../../core/identity/api/actor';
import type { SchedulingSettings } from '../scheduling.settings';
import type { ApparatusOptions, SchedulingSettingsView, UpdateSchedulingSettings } from '../api/settings.types';
import { SchedulingContext } from './scheduling-context';

function view(s: SchedulingSettings): SchedulingSettingsView {
  return { ...s, call_tracking: { mode: 'off', call_types: [] } };
}

/**
 * Built-in unit types for the apparatus picker: what the SPA falls back to while there is no
 * apparatus module (spa-contract §2.9 `apparatus-options`, source `default`).
 */
const DEFAULT_APPARATUS: ApparatusOptions['options'] = [
  { id: null, name: 'Engine', unit_number: null, apparatus_type: 'engine', source: 'default', positions: ['officer', 'driver', 'firefighter', 'firefighter'], min_staffing: 3 },
  { id: null, name: 'Ladder', unit_number: null, apparatus_type: 'ladder', source: 'default', positions: ['officer', 'driver', 'firefighter', 'firefighter'], min_staffing: 3 },
  { id: null, name: 'Rescue', unit_number: null, apparatus_type: 'rescue', source: 'default', positions: ['officer', 'driver', 'firefighter'], min_staffing: 3 },
  { id: null, name: 'Ambulance', unit_number: null, apparatus_type: 'ambulance', source: 'default', positions: ['driver', 'ems'], min_staffing: 2 },
];

@injectable()
export class SettingsService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async get(organizationId: string): Promise<SchedulingSettingsView> {
    return view(await this.ctx.settings(organizationId));
  }

  /** Validated against the module's joi schema (422 with field messages), written and audited in one transaction. */
  async update(actor: Actor, body: UpdateSchedulingSettings): Promise<SchedulingSettingsView> {
    const org = actor.auth.organizationId;
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const state = await this.ctx.db.transaction(async (tx) => {
      const written = await this.modules.write(tx, org, 'scheduling', { settings: patch }, actor.auth.username);
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.settings-updated', eventCategory: 'settings', resourceType: 'module', resourceId: 'scheduling', eventData: { changed: changedFields(body) } }));
      return written;
    });
    await this.modules.announce(org);
    return view(state.settings as unknown as SchedulingSettings);
  }

  apparatusOptions(): ApparatusOptions {
    return { options: DEFAULT_APPARATUS, source: 'default' };
  }
}
