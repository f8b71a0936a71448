import { inject, injectable } from 'inversify';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { changedFields, type Actor } from '../../../core/identity/api/actor';
import type { TrainingModuleConfigView, UpdateTrainingModuleConfigRequest } from '../api/my-training.types';
import { TrainingContext } from './training-context';
import { TrainingCourse } from '../models/course.model';
import { TrainingRequirement } from '../models/requirement.model';
import { Problems, checkIdsInOrg } from './validation';
import type { Transaction } from 'sequelize';
import { trainingEvent } from './audit-events';

/** The training settings of the caller's organization (`module_config.settings`, validated by the module's joi schema). */
@injectable()
export class ModuleSettingsService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
    @inject(TrainingContext) private readonly context: TrainingContext,
  ) {}

  async get(organizationId: string): Promise<TrainingModuleConfigView> {
    return this.context.settings(organizationId);
  }

  async update(actor: Actor, body: UpdateTrainingModuleConfigRequest): Promise<TrainingModuleConfigView> {
    const org = actor.auth.organizationId;
    const current = await this.context.settings(org);
    // Sections merge one level deep, so a PATCH of one visibility flag keeps the others.
    const next: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(body)) {
      if (value === undefined) continue;
      const existing = (current as unknown as Record<string, unknown>)[key];
      next[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && typeof existing === 'object' ? { ...(existing as object), ...value } : value;
    }
    const state = await this.db.transaction(async (tx) => {
      await this.checkQualificationIds(org, body, tx);
      const written = await this.modules.write(tx, org, 'training', { settings: next }, actor.auth.username);
      this.audit.record(tx, trainingEvent(actor, 'settings-updated', 'module', 'training', { changed: changedFields(body) }, 'warning'));
      return written;
    });
    await this.modules.announce(org);
    return state.settings as unknown as TrainingModuleConfigView;
  }

  /** Seat rules may only point at this organization's courses and certification requirements (422 otherwise). */
  private async checkQualificationIds(organizationId: string, body: UpdateTrainingModuleConfigRequest, tx: Transaction): Promise<void> {
    const problems = new Problems();
    for (const [i, rule] of (body.position_qualifications ?? []).entries()) {
      await checkIdsInOrg(problems, TrainingCourse, `position_qualifications.${i}.course_ids`, organizationId, rule.course_ids, tx);
      if (rule.requirement_id) {
        const requirement = await TrainingRequirement.findOne({ where: { id: rule.requirement_id, organizationId }, attributes: ['id', 'requirementType'], transaction: tx });
        if (!requirement || requirement.requirementType !== 'certification') problems.add(`position_qualifications.${i}.requirement_id`, 'must be a certification requirement of your organization');
      }
    }
    problems.throwIfAny();
  }
}
