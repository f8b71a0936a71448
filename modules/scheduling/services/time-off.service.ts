import { inject, injectable } from 'inversify';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../core/http/errors';
import { hasPermission } from '../../../core/security/auth-context';
import { iocContainer } from '../../../core/kernel/ioc';
import { TOKENS } from '../../../core/kernel/tokens';
import { Mailer } from '../../../core/mail/mailer';
import { decryptRawRows } from '../../../core/encryption';
import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import { TimeOff } from '../models/time-off.model';
import { Shift } from '../models/shift.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import type { RequestStatus } from '../models/swap-request.model';
import { addDays, daysBetween } from '../domain/zoned-time';
import { requiredDate } from '../domain/query-params';
import type { CreateTimeOffRequest, ReviewRequest, TimeOffPage, TimeOffView } from '../api/request.types';
import { SchedulingContext } from './scheduling-context';
import { Members, type MemberFacts } from './members';
import { shiftDates, shiftLabel } from './assignment-rules';
import { iso } from './shift-views';

const MAX_DAYS = 366;

type TimeOffRow = Pick<TimeOff, 'id' | 'organizationId' | 'userId' | 'startDate' | 'endDate' | 'status' | 'reason' | 'reviewerNotes' | 'approvedBy' | 'approvedAt' | 'createdAt' | 'updatedAt'>;

/**
 * Time-off requests. Approval cancels the member's assignments on shifts that touch the period, in
 * the same transaction, each one audited; the member is told by email afterwards when SMTP is
 * configured. Sign-ups for the period are refused from then on (the assignment rules read it).
 */
@injectable()
export class TimeOffService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(actor: Actor, q: { status?: RequestStatus; user_id?: string; skip: number; limit: number }): Promise<TimeOffPage> {
    const org = actor.auth.organizationId;
    const manager = hasPermission(actor.auth.permissions, 'scheduling.manage');
    const where: WhereOptions = {
      organizationId: org, ...(q.status ? { status: q.status } : {}),
      // Members see their own requests; officers who review see everyone's (or one member's).
      ...(manager ? (q.user_id ? { userId: q.user_id } : {}) : { userId: actor.auth.userId }),
    };
    const [total, rows] = await Promise.all([
      TimeOff.count({ where }),
      TimeOff.findAll({ where, order: [['startDate', 'DESC'], ['id', 'ASC']], offset: q.skip, limit: q.limit, raw: true }),
    ]);
    // raw rows hold the reason as ciphertext; decrypted here, for the member and their reviewers only.
    const plain = decryptRawRows(TimeOff, rows as unknown as Array<Record<string, unknown>>) as unknown as TimeOffRow[];
    return { items: await this.views(org, plain), total, skip: q.skip, limit: q.limit };
  }

  async create(actor: Actor, body: CreateTimeOffRequest): Promise<TimeOffView> {
    const start = requiredDate('start_date', body.start_date);
    const end = requiredDate('end_date', body.end_date);
    if (daysBetween(start, end) < 0) throw new ValidationError([{ field: 'end_date', message: 'must not be before start_date' }]);
    if (daysBetween(start, end) >= MAX_DAYS) throw new ValidationError([{ field: 'end_date', message: `a request may cover at most ${MAX_DAYS} days` }]);
    const org = actor.auth.organizationId;
    return this.ctx.db.transaction(async (tx) => {
      const t = await TimeOff.create({ organizationId: org, userId: actor.auth.userId, startDate: start, endDate: end, status: 'pending', reason: body.reason ?? null }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.time-off-requested', eventCategory: 'scheduling', resourceType: 'time_off', resourceId: t.id, eventData: { start_date: start, end_date: end } }));
      return (await this.views(org, [t.get({ plain: true }) as TimeOffRow]))[0];
    });
  }

  async review(actor: Actor, id: string, body: ReviewRequest): Promise<TimeOffView> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    const result = await this.ctx.write(async (tx) => {
      const t = await this.lock(tx, org, id);
      if (t.userId === actor.auth.userId) throw new ForbiddenError('You cannot review your own time-off request', 'LB-SCHED-032');
      if (t.status !== 'pending') throw new ConflictError(`This time-off request was already ${t.status}.`, 'LB-SCHED-033');
      const cancelled = body.status === 'approved' ? await this.cancelConflicts(tx, actor, t, tz) : { member: null, labels: [] };
      await t.update({
        status: body.status, reviewerNotes: body.reviewer_notes ?? null,
        ...(body.status === 'approved' ? { approvedBy: actor.auth.userId, approvedAt: new Date() } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: `scheduling.time-off-${body.status}`, eventCategory: 'scheduling', resourceType: 'time_off', resourceId: id, eventData: { user_id: t.userId, assignments_cancelled: cancelled.labels.length } }));
      const [view] = await this.views(org, [t.get({ plain: true }) as TimeOffRow]);
      return { view: { ...view, ...(body.status === 'approved' ? { cancelled_assignments: cancelled.labels.length } : {}) }, cancelled, period: [t.startDate, t.endDate] as const };
    });
    if (result.cancelled.member && result.cancelled.labels.length > 0) await this.notify(result.cancelled.member, result.cancelled.labels, result.period[0], result.period[1]);
    return result.view;
  }

  async cancel(actor: Actor, id: string): Promise<TimeOffView> {
    const org = actor.auth.organizationId;
    return this.ctx.db.transaction(async (tx) => {
      const t = await this.lock(tx, org, id);
      if (t.userId !== actor.auth.userId) throw new ForbiddenError('Only the member who asked can cancel this time-off request', 'LB-SCHED-035');
      if (t.status === 'cancelled' || t.status === 'denied') throw new ConflictError(`This time-off request was already ${t.status}.`, 'LB-SCHED-033');
      await t.update({ status: 'cancelled' }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.time-off-cancelled', eventCategory: 'scheduling', resourceType: 'time_off', resourceId: id }));
      return (await this.views(org, [t.get({ plain: true }) as TimeOffRow]))[0];
    });
  }

  /**
   * Cancels the member's active assignments on scheduled shifts touching the period. Candidate
   * shifts are read first, then locked in id order, then the member; the assignments are read
   * again under those locks, so a sign-up racing the approval is either seen here or refused there.
   */
  private async cancelConflicts(tx: Transaction, actor: Actor, t: TimeOff, tz: string): Promise<{ member: MemberFacts | null; labels: string[] }> {
    const org = t.organizationId;
    const touches = (s: Pick<Shift, 'startTime' | 'endTime'>) => {
      const { first, last } = shiftDates({ startTime: new Date(s.startTime), endTime: new Date(s.endTime) }, tz);
      return first <= t.endDate && last >= t.startDate;
    };
    const candidates = async () => {
      const active = await Assignment.findAll({ where: { organizationId: org, userId: t.userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, attributes: ['shiftId'], raw: true, transaction: tx });
      if (active.length === 0) return [];
      // A shift starting the day before the period can run into it (night shifts).
      const shifts = await Shift.findAll({
        where: { organizationId: org, status: 'scheduled', id: { [Op.in]: active.map((a) => a.shiftId) }, shiftDate: { [Op.between]: [addDays(t.startDate, -1), addDays(t.endDate, 1)] } },
        attributes: ['id', 'startTime', 'endTime'], raw: true, transaction: tx,
      });
      return shifts.filter(touches).map((s) => s.id).sort();
    };
    const shiftIds = await candidates();
    const locked = new Map<string, Shift>();
    for (const sid of shiftIds) {
      const s = await Shift.findOne({ where: { id: sid, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (s) locked.set(sid, s);
    }
    const member = await Members.lock(tx, org, t.userId);
    const labels: string[] = [];
    const again = await candidates();
    const assignments = again.length ? await Assignment.findAll({ where: { userId: t.userId, shiftId: { [Op.in]: again }, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, transaction: tx, lock: tx.LOCK.UPDATE }) : [];
    for (const a of assignments) {
      const s = locked.get(a.shiftId) ?? await Shift.findOne({ where: { id: a.shiftId }, transaction: tx });
      await a.update({ assignmentStatus: 'cancelled', seatKey: null, memberKey: null }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.assignment-cancelled', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: a.id, severity: 'warning', eventData: { shift_id: a.shiftId, user_id: a.userId, cause: 'time-off-approved', time_off_id: t.id } }));
      if (s) labels.push(shiftLabel(s, tz));
    }
    return { member, labels };
  }

  /** Best effort after commit: the approval stands even if the mail server is down. */
  private async notify(member: MemberFacts, labels: string[], start: string, end: string): Promise<void> {
    if (!iocContainer.isBound(Mailer)) return;
    const mailer = iocContainer.get(Mailer);
    if (!mailer.enabled) return;
    try {
      await mailer.send({
        to: member.email,
        subject: 'Your time off was approved; shifts were released',
        text: `Hello ${member.name},\n\nYour time off from ${start} to ${end} was approved. You are no longer scheduled on:\n\n${labels.map((l) => `- ${l}`).join('\n')}\n\nThe Logbook`,
      });
    } catch (err) {
      iocContainer.get(TOKENS.Logger).warn({ reason: (err as Error).name }, 'time-off notice not sent');
    }
  }

  private async lock(tx: Transaction, organizationId: string, id: string): Promise<TimeOff> {
    const t = await TimeOff.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!t) throw new NotFoundError('Time-off request not found', 'LB-SCHED-007');
    return t;
  }

  private async views(organizationId: string, rows: readonly TimeOffRow[]): Promise<TimeOffView[]> {
    const members = await Members.many(organizationId, rows.map((r) => r.userId));
    return rows.map((r) => ({
      id: r.id, organization_id: r.organizationId, user_id: r.userId, user_name: members.get(r.userId)?.name ?? null,
      start_date: String(r.startDate), end_date: String(r.endDate), status: r.status, reason: r.reason, reviewer_notes: r.reviewerNotes,
      approved_by: r.approvedBy, approved_at: iso(r.approvedAt), created_at: iso(r.createdAt)!, updated_at: iso(r.updatedAt)!,
    }));
  }
}
