import { inject, injectable } from 'inversify';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { Organization } from '../../../core/identity/models/organization.model';
import { dateIn, safeTimeZone, type IsoDate } from '../engine/civil-date';
import type { TrainingSettings } from '../training.settings';

/** The organization-level facts every training rule needs: its settings and what "today" is there. */
@injectable()
export class TrainingContext {
  constructor(@inject(ModuleConfigService) private readonly modules: ModuleConfigService) {}

  async settings(organizationId: string): Promise<TrainingSettings> {
    // The schema filled in every default, so the shape is complete (training.settings.ts).
    return (await this.modules.settings(organizationId, 'training')) as unknown as TrainingSettings;
  }

  async timeZone(organizationId: string): Promise<string> {
    const org = await Organization.findByPk(organizationId, { attributes: ['id', 'timezone'], raw: true });
    return safeTimeZone(org?.timezone);
  }

  /** Today's date in the organization's timezone. */
  async today(organizationId: string, now: Date = new Date()): Promise<IsoDate> {
    return dateIn(await this.timeZone(organizationId), now);
  }
}
