import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import { changedFields, type Actor } from '../../../core/identity/api/actor';
import { TrainingRequirement } from '../models/requirement.model';
import { TrainingCourse } from '../models/course.model';
import { TrainingCategory } from '../models/category.model';
import type { CreateRequirementRequest, RequirementFields, TrainingRequirementView, UpdateRequirementRequest } from '../api/requirements.types';
import { daysInMonth } from '../engine/civil-date';
import { requirementView } from './views';
import { Problems, checkIdsInOrg } from './validation';
import { trainingEvent } from './audit-events';

const FIELD_MAP: Array<[keyof RequirementFields, keyof TrainingRequirement]> = [
  ['description', 'description'], ['source', 'source'], ['registry_name', 'registryName'], ['registry_code', 'registryCode'],
  ['is_editable', 'isEditable'], ['allows_external_credit', 'allowsExternalCredit'], ['training_type', 'trainingType'],
  ['required_hours', 'requiredHours'], ['required_courses', 'requiredCourses'], ['required_shifts', 'requiredShifts'],
  ['required_calls', 'requiredCalls'], ['required_call_types', 'requiredCallTypes'], ['required_skills', 'requiredSkills'],
  ['checklist_items', 'checklistItems'], ['passing_score', 'passingScore'], ['max_attempts', 'maxAttempts'], ['year', 'year'],
  ['applies_to_all', 'appliesToAll'], ['required_roles', 'requiredRoles'], ['required_positions', 'requiredPositions'],
  ['required_membership_types', 'requiredMembershipTypes'], ['start_date', 'startDate'], ['due_date', 'dueDate'],
  ['time_limit_days', 'timeLimitDays'], ['due_date_type', 'dueDateType'], ['rolling_period_months', 'rollingPeriodMonths'],
  ['period_start_month', 'periodStartMonth'], ['period_start_day', 'periodStartDay'], ['period_end_month', 'periodEndMonth'],
  ['period_end_day', 'periodEndDay'], ['include_current_month', 'includeCurrentMonth'], ['recency_days', 'recencyDays'],
  ['category_ids', 'categoryIds'],
];

/** Training requirements of the caller's organization (all 8 types; see the engine for how each is measured). */
@injectable()
export class RequirementsService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(organizationId: string, filters: { year?: number; activeOnly: boolean }): Promise<TrainingRequirementView[]> {
    const rows = await TrainingRequirement.findAll({ where: { organizationId, ...(filters.activeOnly ? { active: true } : {}) }, order: [['name', 'ASC']] });
    // A requirement for a given year also shows requirements that are not tied to any year.
    return rows.filter((r) => filters.year === undefined || r.year === null || r.year === filters.year).map(requirementView);
  }

  async create(actor: Actor, body: CreateRequirementRequest): Promise<TrainingRequirementView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      await this.check(org, body, tx);
      const requirement = await TrainingRequirement.create({
        organizationId: org, name: body.name.trim(), requirementType: body.requirement_type, frequency: body.frequency,
        ...this.fields(body), active: true, createdBy: actor.auth.userId,
      }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'requirement-created', 'training_requirement', requirement.id, { name: requirement.name, requirement_type: requirement.requirementType }));
      return requirementView(requirement);
    });
  }

  async update(actor: Actor, id: string, body: UpdateRequirementRequest): Promise<TrainingRequirementView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const requirement = await this.find(org, id, tx);
      await this.check(org, body, tx);
      await requirement.update({
        ...this.fields(body),
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.requirement_type !== undefined ? { requirementType: body.requirement_type } : {}),
        ...(body.frequency !== undefined ? { frequency: body.frequency } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'requirement-updated', 'training_requirement', requirement.id, { changed: changedFields(body) }));
      return requirementView(requirement);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.db.transaction(async (tx) => {
      const requirement = await this.find(org, id, tx);
      await requirement.destroy({ transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'requirement-deleted', 'training_requirement', requirement.id, { name: requirement.name }, 'warning'));
    });
  }

  private async find(organizationId: string, id: string, tx: Transaction): Promise<TrainingRequirement> {
    const requirement = await TrainingRequirement.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!requirement) throw new NotFoundError('Requirement not found', 'LB-TRN-005');
    return requirement;
  }

  private async check(organizationId: string, body: RequirementFields, tx: Transaction): Promise<void> {
    const problems = new Problems().date('start_date', body.start_date).date('due_date', body.due_date);
    for (const [m, d] of [['period_start_month', 'period_start_day'], ['period_end_month', 'period_end_day']] as const) {
      const month = body[m];
      const day = body[d];
      // Feb 29 is allowed (clamped to Feb 28 in other years); Apr 31 never exists.
      if (month && day && day > daysInMonth(2000, month)) problems.add(d, `month ${month} has no day ${day}`);
    }
    if (body.start_date && body.due_date && body.due_date < body.start_date) problems.add('due_date', 'must not be before start_date');
    if (body.due_date_type === 'rolling' && body.rolling_period_months === null) problems.add('rolling_period_months', 'is required for a rolling due date');
    await checkIdsInOrg(problems, TrainingCourse, 'required_courses', organizationId, body.required_courses, tx);
    await checkIdsInOrg(problems, TrainingCategory, 'category_ids', organizationId, body.category_ids, tx);
    problems.throwIfAny();
  }

  private fields(body: RequirementFields): Partial<TrainingRequirement> {
    const out: Partial<Record<keyof TrainingRequirement, unknown>> = {};
    for (const [from, to] of FIELD_MAP) if (body[from] !== undefined) out[to] = body[from];
    for (const key of ['requiredCourses', 'categoryIds'] as const) {
      if (Array.isArray(out[key])) out[key] = (out[key] as string[]).map((v) => v.toLowerCase());
    }
    return out as Partial<TrainingRequirement>;
  }
}
