import { inject, injectable } from 'inversify';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import type { Actor } from '../../../core/identity/api/actor';
import { TrainingWaiver } from '../models/waiver.model';
import { TrainingRequirement } from '../models/requirement.model';
import type { CreateWaiverRequest, TrainingWaiverView } from '../api/waivers.types';
import { waiverView } from './views';
import { Problems, checkIdsInOrg } from './validation';
import { trainingEvent } from './audit-events';
import { MemberDirectory } from './member-directory';

/** Waivers: time a member is excused from targets (a month counts when 15+ of its days are covered). */
@injectable()
export class WaiversService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    @inject(MemberDirectory) private readonly members: MemberDirectory,
  ) {}

  async list(organizationId: string, userId?: string): Promise<TrainingWaiverView[]> {
    const rows = await TrainingWaiver.findAll({ where: { organizationId, ...(userId ? { userId: userId.toLowerCase() } : {}) }, order: [['startDate', 'DESC']] });
    return rows.map(waiverView);
  }

  async create(actor: Actor, body: CreateWaiverRequest): Promise<TrainingWaiverView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const problems = new Problems().date('start_date', body.start_date).date('end_date', body.end_date);
      if (body.end_date && body.end_date < body.start_date) problems.add('end_date', 'must not be before start_date');
      if (!(await this.members.exists(org, body.user_id.toLowerCase(), tx))) problems.add('user_id', 'unknown member');
      await checkIdsInOrg(problems, TrainingRequirement, 'requirement_ids', org, body.requirement_ids, tx);
      problems.throwIfAny();
      const waiver = await TrainingWaiver.create({
        organizationId: org, userId: body.user_id.toLowerCase(), waiverType: body.waiver_type, reason: body.reason ?? null,
        startDate: body.start_date, endDate: body.end_date ?? null,
        requirementIds: body.requirement_ids && body.requirement_ids.length > 0 ? body.requirement_ids.map((r) => r.toLowerCase()) : null,
        active: true, createdBy: actor.auth.userId,
      }, { transaction: tx });
      // The reason is free text about a member's leave (possibly medical): never in the audit log.
      this.audit.record(tx, trainingEvent(actor, 'waiver-created', 'training_waiver', waiver.id, { user_id: waiver.userId, waiver_type: waiver.waiverType, blanket: waiver.requirementIds === null }));
      return waiverView(waiver);
    });
  }

  /** Ends a waiver (kept for the record, no longer counted). */
  async revoke(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.db.transaction(async (tx) => {
      const waiver = await TrainingWaiver.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!waiver) throw new NotFoundError('Waiver not found', 'LB-TRN-006');
      await waiver.update({ active: false }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'waiver-revoked', 'training_waiver', waiver.id, { user_id: waiver.userId }, 'warning'));
    });
  }
}
