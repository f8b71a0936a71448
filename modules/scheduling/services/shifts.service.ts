import { inject, injectable } from 'inversify';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ConflictError, ValidationError, type FieldProblem } from '../../../core/http/errors';
import { changeEvent, changedFields, type Actor } from '../../../core/identity/api/actor';
import { Shift } from '../models/shift.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { ShiftTemplate } from '../models/shift-template.model';
import { parseSeats, seatCounts, seatKey, type SeatInput } from '../domain/seats';
import { refuse } from '../domain/refusals';
import { dateParam, instantParam, checkRange } from '../domain/query-params';
import { localDate } from '../domain/zoned-time';
import type { CancelShiftRequest, CreateShiftRequest, ShiftDetail, ShiftPage, ShiftRecord, UpdateShiftRequest } from '../api/shift.types';
import { SchedulingContext } from './scheduling-context';
import { Members } from './members';
import { overlapRefusal } from './assignment-rules';
import { assignmentViews, attendeeCounts, shiftRecord, shiftRecords, type ShiftRow } from './shift-views';

const MAX_SHIFT_HOURS = 72;

/** Shifts: create, edit, cancel, delete, list and detail (spa-contract §2.9). */
@injectable()
export class ShiftsService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /** Another organization's shift is answered exactly like a missing one. */
  static async lock(tx: Transaction, organizationId: string, id: string): Promise<Shift> {
    const shift = await Shift.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!shift) refuse('shiftNotFound', 'Shift not found');
    return shift;
  }

  static async find(organizationId: string, id: string): Promise<ShiftRow> {
    const shift = await Shift.findOne({ where: { id, organizationId }, raw: true });
    if (!shift) refuse('shiftNotFound', 'Shift not found');
    return shift;
  }

  async list(organizationId: string, q: { start_date?: string; end_date?: string; skip: number; limit: number }): Promise<ShiftPage> {
    const start = dateParam('start_date', q.start_date);
    const end = dateParam('end_date', q.end_date);
    if (start && end) checkRange(start, end, 3660);
    const where: WhereOptions = { organizationId, ...(start || end ? { shiftDate: { ...(start ? { [Op.gte]: start } : {}), ...(end ? { [Op.lte]: end } : {}) } } : {}) };
    const [total, rows] = await Promise.all([
      Shift.count({ where }),
      Shift.findAll({ where, order: [['startTime', 'ASC'], ['id', 'ASC']], offset: q.skip, limit: q.limit, raw: true }),
    ]);
    return { shifts: await shiftRecords(organizationId, rows), total, skip: q.skip, limit: q.limit };
  }

  async detail(organizationId: string, id: string): Promise<ShiftDetail> {
    const shift = await ShiftsService.find(organizationId, id);
    const [record] = await shiftRecords(organizationId, [shift]);
    const rows = await Assignment.findAll({ where: { shiftId: id, organizationId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, order: [['createdAt', 'ASC']], raw: true });
    const attendees = await assignmentViews(organizationId, rows);
    return {
      ...record, attendees,
      platoon_roster: attendees.map((a) => ({ user_id: a.user_id, user_name: a.user_name ?? '', status: a.assignment_status })),
      // Check-in (attendance) is not part of this module yet.
      checkin_open: false, checkin_closed_reason: 'Check-in is not enabled',
    };
  }

  async create(actor: Actor, body: CreateShiftRequest): Promise<ShiftRecord> {
    const org = actor.auth.organizationId;
    const settings = await this.ctx.settings(org);
    const problems: FieldProblem[] = [];
    const shiftDate = dateParam('shift_date', body.shift_date)!;
    const start = instantParam('start_time', body.start_time);
    const end = body.end_time ? instantParam('end_time', body.end_time) : new Date(start.getTime() + settings.default_shift_hours * 3_600_000);
    checkTimes(start, end, problems);
    const template = body.template_id ? await ShiftTemplate.findOne({ where: { id: body.template_id, organizationId: org }, raw: true }) : null;
    if (body.template_id && !template) problems.push({ field: 'template_id', message: 'no such template' });
    const seats = seatsFrom(body.positions ?? (template ? JSON.parse(template.positions ?? '[]') as SeatInput : null), problems);
    if (body.shift_officer_id && !await Members.find(org, body.shift_officer_id)) problems.push({ field: 'shift_officer_id', message: 'no such member' });
    if (problems.length) throw new ValidationError(problems);
    return this.ctx.write(async (tx) => {
      const shift = await Shift.create({
        organizationId: org, shiftDate, startTime: start, endTime: end, stationId: body.station_id ?? null, platoon: body.platoon ?? null,
        shiftOfficerId: body.shift_officer_id ?? null, apparatusId: body.apparatus_id ?? template?.apparatusId ?? null,
        color: body.color ?? template?.color ?? null, positions: seats ? JSON.stringify(seats) : null,
        minStaffing: body.min_staffing ?? template?.minStaffing ?? null, notes: body.notes ?? null,
        activities: body.activities ? JSON.stringify(body.activities) : null,
        openToAllMembers: body.open_to_all_members ?? template?.openToAllMembers ?? true, templateId: template?.id ?? null, createdBy: actor.auth.userId,
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.shift-created', eventCategory: 'scheduling', resourceType: 'shift', resourceId: shift.id, eventData: { shift_date: shiftDate, seats: seats?.length ?? 0 } }));
      return shiftRecord(shift.get({ plain: true }) as ShiftRow, 0, null);
    });
  }

  /**
   * A partial edit. New times are checked against every assignee's other shifts, and a new seat
   * list must still seat everyone assigned, all under the shift's and the members' locks.
   */
  async update(actor: Actor, id: string, body: UpdateShiftRequest): Promise<ShiftRecord> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    const problems: FieldProblem[] = [];
    if (body.shift_date !== undefined) dateParam('shift_date', body.shift_date ?? undefined);
    const start = body.start_time ? instantParam('start_time', body.start_time) : undefined;
    const end = body.end_time ? instantParam('end_time', body.end_time) : undefined;
    const seats = body.positions !== undefined ? seatsFrom(body.positions, problems) : undefined;
    if (body.shift_officer_id && !await Members.find(org, body.shift_officer_id)) problems.push({ field: 'shift_officer_id', message: 'no such member' });
    if (problems.length) throw new ValidationError(problems);
    return this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, id);
      const newStart = start ?? shift.startTime;
      const newEnd = end ?? shift.endTime;
      const timeProblems: FieldProblem[] = [];
      checkTimes(newStart, newEnd, timeProblems);
      if (timeProblems.length) throw new ValidationError(timeProblems);
      const active = await Assignment.findAll({ where: { shiftId: id, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, transaction: tx });
      if (start || end) {
        shift.startTime = newStart;
        shift.endTime = newEnd;
        const members = await Members.lockMany(tx, org, active.map((a) => a.userId));
        for (const m of members.values()) {
          const r = await overlapRefusal(tx, shift, m, tz);
          if (r) throw new ConflictError(`The new times do not fit: ${r.message}`, r.code);
        }
      }
      if (seats !== undefined) await reseat(tx, shift, seats, active);
      await shift.update({
        ...(body.shift_date ? { shiftDate: body.shift_date } : {}),
        startTime: newStart, endTime: newEnd,
        ...(body.station_id !== undefined ? { stationId: body.station_id } : {}),
        ...(body.platoon !== undefined ? { platoon: body.platoon } : {}),
        ...(body.shift_officer_id !== undefined ? { shiftOfficerId: body.shift_officer_id } : {}),
        ...(body.apparatus_id !== undefined ? { apparatusId: body.apparatus_id } : {}),
        ...(body.color !== undefined ? { color: body.color } : {}),
        ...(seats !== undefined ? { positions: seats ? JSON.stringify(seats) : null } : {}),
        ...(body.min_staffing !== undefined ? { minStaffing: body.min_staffing } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        ...(body.activities !== undefined ? { activities: body.activities ? JSON.stringify(body.activities) : null } : {}),
        ...(body.open_to_all_members !== undefined ? { openToAllMembers: body.open_to_all_members } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.shift-updated', eventCategory: 'scheduling', resourceType: 'shift', resourceId: id, eventData: { changed: changedFields(body), local_date: localDate(newStart, tz) } }));
      const counts = await attendeeCounts([id], tx);
      return shiftRecord(shift.get({ plain: true }) as ShiftRow, counts.get(id) ?? 0, null);
    });
  }

  async cancel(actor: Actor, id: string, body: CancelShiftRequest): Promise<ShiftRecord> {
    const org = actor.auth.organizationId;
    return this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, id);
      if (shift.status === 'cancelled') refuse('shiftCancelled', 'This shift is already cancelled.');
      if (shift.isFinalized) refuse('shiftFinalized', 'This shift is finalized and can no longer be cancelled.');
      await shift.update({ status: 'cancelled', cancelledAt: new Date(), cancelledBy: actor.auth.userId, cancellationReason: body.reason ?? null }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.shift-cancelled', eventCategory: 'scheduling', resourceType: 'shift', resourceId: id, severity: 'warning', eventData: { reason_given: Boolean(body.reason) } }));
      const counts = await attendeeCounts([id], tx);
      return shiftRecord(shift.get({ plain: true }) as ShiftRow, counts.get(id) ?? 0, null);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, id);
      const removed = await Assignment.destroy({ where: { shiftId: id, organizationId: org }, transaction: tx });
      await shift.destroy({ transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.shift-deleted', eventCategory: 'scheduling', resourceType: 'shift', resourceId: id, severity: 'warning', eventData: { shift_date: shift.shiftDate, assignments_removed: removed } }));
    });
  }
}

function checkTimes(start: Date, end: Date, problems: FieldProblem[]): void {
  if (end.getTime() <= start.getTime()) problems.push({ field: 'end_time', message: 'must be after start_time' });
  else if (end.getTime() - start.getTime() > MAX_SHIFT_HOURS * 3_600_000) problems.push({ field: 'end_time', message: `a shift may last at most ${MAX_SHIFT_HOURS} hours` });
}

function seatsFrom(input: SeatInput | null | undefined, problems: FieldProblem[]): ReturnType<typeof parseSeats>['seats'] | null {
  if (!input) return null;
  const { seats, unknown } = parseSeats(input);
  for (const u of unknown) problems.push({ field: 'positions', message: `unknown position "${u.slice(0, 20)}"` });
  return seats;
}

/**
 * Applies a new seat list to a shift with assignees: every active assignment must still have a
 * seat of its position; seat indexes are renumbered from 0 (keys cleared first, so the unique index
 * never sees two holders mid-way).
 */
async function reseat(tx: Transaction, shift: Shift, seats: ReturnType<typeof parseSeats>['seats'] | null, active: Assignment[]): Promise<void> {
  const counts = seatCounts(seats ?? []);
  const byPosition = new Map<string, Assignment[]>();
  for (const a of active) byPosition.set(a.position, [...(byPosition.get(a.position) ?? []), a]);
  if (seats && seats.length > 0) {
    for (const [position, holders] of byPosition) {
      const n = counts.get(position as never) ?? 0;
      if (holders.length > n) throw new ConflictError(`The new seat list has ${n} ${position} seat(s), but ${holders.length} member(s) hold one; unassign them first.`, 'LB-SCHED-024');
    }
  }
  for (const a of active) await a.update({ seatKey: null }, { transaction: tx });
  if (!seats || seats.length === 0) return;
  for (const holders of byPosition.values()) {
    holders.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
    for (const [i, a] of holders.entries()) await a.update({ seatKey: seatKey(shift.id, a.position, i) }, { transaction: tx });
  }
}
