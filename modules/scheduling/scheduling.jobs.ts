import type { JobDefinition } from '../../core/jobs/job.types';
import { Organization } from '../../core/identity/models/organization.model';
import { ModuleConfigService } from '../../core/modules/module-config.service';
import { PatternsService } from './services/patterns.service';
import { SchedulingContext } from './services/scheduling-context';
import { localDate } from './domain/zoned-time';

/** Daily: extends every active rotation pattern `auto_generate_weeks` ahead, for each organization with scheduling on. */
export const extendPatternsJob: JobDefinition = {
  name: 'scheduling.extend-patterns',
  description: 'Generates shifts from active rotation patterns up to the configured horizon',
  schedule: { dailyAt: '03:00' },
  timeoutSeconds: 600,
  run: async ({ container, signal }) => {
    const patterns = container.get(PatternsService);
    const modules = container.get(ModuleConfigService);
    const ctx = container.get(SchedulingContext);
    let created = 0;
    let organizations = 0;
    for (const org of await Organization.findAll({ where: { active: true }, attributes: ['id'], raw: true })) {
      if (signal.aborted) break;
      if (!await modules.isEnabled(org.id, 'scheduling')) continue;
      organizations += 1;
      created += await patterns.extendOrganization(org.id, localDate(new Date(), await ctx.timezone(org.id)));
    }
    return { organizations, created };
  },
};
