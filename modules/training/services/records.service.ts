import { inject, injectable } from 'inversify';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { Request } from 'express';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import { hasPermission } from '../../../core/security/auth-context';
import { changedFields, requireAnyPermission, type Actor } from '../../../core/identity/api/actor';
import { TrainingRecord } from '../models/record.model';
import { TrainingCourse } from '../models/course.model';
import { TrainingCategory } from '../models/category.model';
import type { CreateRecordRequest, RecordFields, TrainingRecordView, UpdateRecordRequest } from '../api/records.types';
import type { TrainingStatusValue } from '../api/common.types';
import { derivedExpiration } from '../engine/certifications';
import { TRAINING_PERMISSIONS } from '../training.permissions';
import { recordView } from './views';
import { Problems, checkIdsInOrg } from './validation';
import { trainingEvent } from './audit-events';
import { MemberDirectory } from './member-directory';

export interface RecordFilters {
  user_id?: string;
  status?: TrainingStatusValue;
  start_date?: string;
  end_date?: string;
}

/** Who may read every member's records: officers (view_all) and training managers. */
export function seesAll(actor: Actor): boolean {
  return hasPermission(actor.auth.permissions, TRAINING_PERMISSIONS.viewAll) || hasPermission(actor.auth.permissions, TRAINING_PERMISSIONS.manage);
}

/** Training records. Members read their own; officers (training.view_all) read the organization's. */
@injectable()
export class RecordsService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    @inject(MemberDirectory) private readonly members: MemberDirectory,
  ) {}

  async list(actor: Actor, req: Request, filters: RecordFilters): Promise<TrainingRecordView[]> {
    const org = actor.auth.organizationId;
    const problems = new Problems().date('start_date', filters.start_date).date('end_date', filters.end_date);
    problems.throwIfAny();
    let userId = filters.user_id?.toLowerCase();
    if (!seesAll(actor)) {
      // Asking for someone else's records without the permission is a denial (audited), not a silent empty list.
      if (userId && userId !== actor.auth.userId) await requireAnyPermission(actor, req, [TRAINING_PERMISSIONS.viewAll, TRAINING_PERMISSIONS.manage]);
      userId = actor.auth.userId;
    } else if (userId && !(await this.members.exists(org, userId))) {
      throw new NotFoundError('Member not found', 'LB-TRN-001');
    }
    const where: WhereOptions = { organizationId: org };
    const and: WhereOptions[] = [];
    if (userId) and.push({ userId });
    if (filters.status) and.push({ status: filters.status });
    // The date filters apply to the completion date, or the scheduled date of training not yet completed.
    if (filters.start_date) and.push({ [Op.or]: [{ completionDate: { [Op.gte]: filters.start_date } }, { completionDate: null, scheduledDate: { [Op.gte]: filters.start_date } }] });
    if (filters.end_date) and.push({ [Op.or]: [{ completionDate: { [Op.lte]: filters.end_date } }, { completionDate: null, scheduledDate: { [Op.lte]: filters.end_date } }] });
    const rows = await TrainingRecord.findAll({
      where: { ...where, [Op.and]: and },
      order: [['completionDate', 'DESC'], ['scheduledDate', 'DESC'], ['createdAt', 'DESC']],
      limit: 5000,
    });
    return rows.map(recordView);
  }

  async create(actor: Actor, body: CreateRecordRequest): Promise<TrainingRecordView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const problems = this.checkDates(body);
      if (!(await this.members.exists(org, body.user_id.toLowerCase(), tx))) problems.add('user_id', 'unknown member');
      const course = body.course_id ? await TrainingCourse.findOne({ where: { id: body.course_id, organizationId: org }, transaction: tx }) : null;
      if (body.course_id && !course) problems.add('course_id', 'unknown course');
      if (!course && !body.course_name) problems.add('course_name', 'is required without course_id');
      if (!course && !body.training_type) problems.add('training_type', 'is required without course_id');
      await checkIdsInOrg(problems, TrainingCategory, 'category_id', org, body.category_id ? [body.category_id] : [], tx);
      problems.throwIfAny();
      const record = TrainingRecord.build({
        organizationId: org, userId: body.user_id.toLowerCase(), courseId: course?.id ?? null,
        courseName: (body.course_name ?? course!.name).trim(), trainingType: body.training_type ?? course!.trainingType,
        courseCode: course?.code ?? null, hoursCompleted: course?.durationHours ?? 0, status: 'scheduled', createdBy: actor.auth.userId,
        ...this.fields(body),
      });
      this.deriveExpiration(record, course, body.expiration_date);
      await record.save({ transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'record-created', 'training_record', record.id, { user_id: record.userId, status: record.status, fields: changedFields(body) }));
      return recordView(record);
    });
  }

  async update(actor: Actor, id: string, body: UpdateRecordRequest): Promise<TrainingRecordView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const record = await this.find(org, id, tx);
      const problems = this.checkDates(body);
      await checkIdsInOrg(problems, TrainingCategory, 'category_id', org, body.category_id ? [body.category_id] : [], tx);
      problems.throwIfAny();
      const previousStatus = record.status;
      record.set({
        ...this.fields(body),
        ...(body.course_name !== undefined ? { courseName: body.course_name.trim() } : {}),
        ...(body.training_type !== undefined ? { trainingType: body.training_type } : {}),
      });
      const course = record.courseId ? await TrainingCourse.findOne({ where: { id: record.courseId, organizationId: org }, transaction: tx }) : null;
      this.deriveExpiration(record, course, body.expiration_date);
      await record.save({ transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'record-updated', 'training_record', record.id, {
        user_id: record.userId, changed: changedFields(body), ...(previousStatus !== record.status ? { status_from: previousStatus, status_to: record.status } : {}),
      }));
      return recordView(record);
    });
  }

  /** Certification records expiring within `days` (the unused `/certifications/expiring` call). */
  async expiring(actor: Actor, today: string, until: string): Promise<TrainingRecordView[]> {
    const where: WhereOptions = { organizationId: actor.auth.organizationId, status: 'completed', expirationDate: { [Op.gte]: today, [Op.lte]: until } };
    if (!seesAll(actor)) Object.assign(where, { userId: actor.auth.userId });
    const rows = await TrainingRecord.findAll({ where, order: [['expirationDate', 'ASC']], limit: 5000 });
    return rows.map(recordView);
  }

  private async find(organizationId: string, id: string, tx: Transaction): Promise<TrainingRecord> {
    const record = await TrainingRecord.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!record) throw new NotFoundError('Training record not found', 'LB-TRN-004');
    return record;
  }

  /**
   * A completed record of a course with expiration_months and no expiration date given gets one:
   * completion date + expiration_months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
   */
  private deriveExpiration(record: TrainingRecord, course: TrainingCourse | null, given: string | null | undefined): void {
    // Given, or explicitly cleared (null): the caller decided.
    if (given !== undefined) return;
    if (record.expirationDate || record.status !== 'completed' || !record.completionDate || !course?.expirationMonths) return;
    record.expirationDate = derivedExpiration(String(record.completionDate).slice(0, 10), course.expirationMonths);
  }

  private checkDates(body: RecordFields): Problems {
    const problems = new Problems()
      .date('scheduled_date', body.scheduled_date).date('completion_date', body.completion_date).date('expiration_date', body.expiration_date);
    if (body.completion_date && body.expiration_date && body.expiration_date < body.completion_date) problems.add('expiration_date', 'must not be before the completion date');
    return problems;
  }

  private fields(body: RecordFields): Partial<TrainingRecord> {
    const map: Array<[keyof RecordFields, keyof TrainingRecord]> = [
      ['category_id', 'categoryId'], ['course_code', 'courseCode'], ['scheduled_date', 'scheduledDate'], ['completion_date', 'completionDate'],
      ['expiration_date', 'expirationDate'], ['hours_completed', 'hoursCompleted'], ['credit_hours', 'creditHours'],
      ['certification_number', 'certificationNumber'], ['issuing_agency', 'issuingAgency'], ['status', 'status'], ['score', 'score'],
      ['passing_score', 'passingScore'], ['passed', 'passed'], ['instructor', 'instructor'], ['location', 'location'],
      ['location_id', 'locationId'], ['apparatus_id', 'apparatusId'], ['notes', 'notes'], ['attachments', 'attachments'],
      ['rank_at_completion', 'rankAtCompletion'], ['station_at_completion', 'stationAtCompletion'],
    ];
    const out: Partial<Record<keyof TrainingRecord, unknown>> = {};
    for (const [from, to] of map) if (body[from] !== undefined) out[to] = body[from];
    if (typeof out.categoryId === 'string') out.categoryId = out.categoryId.toLowerCase();
    // A passing score without an explicit verdict decides it.
    if (body.passed === undefined && body.score !== undefined && body.score !== null && body.passing_score !== undefined && body.passing_score !== null) out.passed = body.score >= body.passing_score;
    return out as Partial<TrainingRecord>;
  }
}
