import { inject, injectable } from 'inversify';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { ValidationError } from '../../../core/http/errors';
import { Shift } from '../models/shift.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { addDays, localDate, monthBounds, sundayOf } from '../domain/zoned-time';
import { checkRange, dateParam } from '../domain/query-params';
import type { MyShift, MyShiftPage, ShiftRecord } from '../api/shift.types';
import type { ScheduleSummary } from '../api/calendar.types';
import { SchedulingContext } from './scheduling-context';
import { iso, RECORD_ATTRIBUTES, shiftRecords, type ShiftRow } from './shift-views';

const OPEN_DEFAULT_DAYS = 30;
const OPEN_MAX_DAYS = 90;

/**
 * The calendar reads: a Sunday-start week, a month, open shifts, the caller's shifts and the summary
 * cards. Each answers in a fixed number of queries (shifts, then counts and names in bulk), however
 * many shifts the range holds.
 */
@injectable()
export class CalendarService {
  constructor(@inject(SchedulingContext) private readonly ctx: SchedulingContext) {}

  private async between(organizationId: string, first: string, last: string, extra: WhereOptions = {}): Promise<ShiftRow[]> {
    return Shift.findAll({ where: { organizationId, shiftDate: { [Op.between]: [first, last] }, ...extra }, attributes: [...RECORD_ATTRIBUTES], order: [['startTime', 'ASC'], ['id', 'ASC']], raw: true });
  }

  /** The seven days from the Sunday on or before `weekStart` (the SPA sends a Sunday; upstream's default is Monday). */
  async week(organizationId: string, weekStart?: string): Promise<ShiftRecord[]> {
    const given = dateParam('week_start', weekStart) ?? localDate(new Date(), await this.ctx.timezone(organizationId));
    const sunday = sundayOf(given);
    return shiftRecords(organizationId, await this.between(organizationId, sunday, addDays(sunday, 6)));
  }

  async month(organizationId: string, year?: number, month?: number): Promise<ShiftRecord[]> {
    if ((year === undefined) !== (month === undefined)) throw new ValidationError([{ field: year === undefined ? 'year' : 'month', message: 'year and month go together' }]);
    // The organization's "today" (one more query) only when the month is not given.
    const today = year === undefined ? localDate(new Date(), await this.ctx.timezone(organizationId)) : null;
    const { first, last } = monthBounds(year ?? Number(today!.slice(0, 4)), month ?? Number(today!.slice(5, 7)));
    return shiftRecords(organizationId, await this.between(organizationId, first, last));
  }

  /** Shifts with a free seat that the caller could still sign up for (not started, not theirs), by default the next 30 days. */
  async open(organizationId: string, userId: string, q: { start_date?: string; end_date?: string; apparatus_id?: string }): Promise<ShiftRecord[]> {
    const today = localDate(new Date(), await this.ctx.timezone(organizationId));
    const first = dateParam('start_date', q.start_date) ?? today;
    const last = dateParam('end_date', q.end_date) ?? addDays(first, OPEN_DEFAULT_DAYS);
    checkRange(first, last, OPEN_MAX_DAYS);
    const rows = await this.between(organizationId, first, last, {
      status: 'scheduled', isFinalized: false, openToAllMembers: true, startTime: { [Op.gt]: new Date() },
      ...(q.apparatus_id ? { apparatusId: q.apparatus_id } : {}),
    });
    if (rows.length === 0) return [];
    const mine = new Set((await Assignment.findAll({
      where: { organizationId, userId, shiftId: { [Op.in]: rows.map((r) => r.id) }, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } },
      attributes: ['shiftId'], raw: true,
    })).map((a) => a.shiftId));
    const records = await shiftRecords(organizationId, rows.filter((r) => !mine.has(r.id)));
    return records.filter((r) => r.positions.length === 0 || r.attendee_count < r.positions.length);
  }

  /** The caller's shifts (active assignments) in a date range, with their assignment on each. */
  async myShifts(organizationId: string, userId: string, q: { start_date?: string; end_date?: string; skip: number; limit: number }): Promise<MyShiftPage> {
    const first = dateParam('start_date', q.start_date);
    const last = dateParam('end_date', q.end_date);
    if (first && last) checkRange(first, last, 3660);
    const assignments = await Assignment.findAll({
      where: { organizationId, userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } },
      attributes: ['id', 'shiftId', 'position', 'assignmentStatus', 'confirmedAt'], raw: true,
    });
    const byShift = new Map(assignments.map((a) => [a.shiftId, a]));
    if (byShift.size === 0) return { shifts: [], total: 0, skip: q.skip, limit: q.limit };
    const where: WhereOptions = {
      organizationId, id: { [Op.in]: [...byShift.keys()] },
      ...(first || last ? { shiftDate: { ...(first ? { [Op.gte]: first } : {}), ...(last ? { [Op.lte]: last } : {}) } } : {}),
    };
    const [total, rows] = await Promise.all([
      Shift.count({ where }),
      Shift.findAll({ where, order: [['startTime', 'ASC'], ['id', 'ASC']], offset: q.skip, limit: q.limit, raw: true }),
    ]);
    const records = await shiftRecords(organizationId, rows);
    const shifts: MyShift[] = records.map((r) => {
      const a = byShift.get(r.id)!;
      return { ...r, assignment: { id: a.id, position: a.position, status: a.assignmentStatus, confirmed_at: iso(a.confirmedAt) }, attendance: null };
    });
    return { shifts, total, skip: q.skip, limit: q.limit };
  }

  async summary(organizationId: string, userId: string): Promise<ScheduleSummary> {
    const tz = await this.ctx.timezone(organizationId);
    const today = localDate(new Date(), tz);
    const sunday = sundayOf(today);
    const { first, last } = monthBounds(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
    const count = (from: string, to?: string) => Shift.count({ where: { organizationId, status: 'scheduled', shiftDate: to ? { [Op.between]: [from, to] } : { [Op.gte]: from } } });
    const [upcoming, week, month, hours] = await Promise.all([
      count(today), count(sunday, addDays(sunday, 6)), count(first, last),
      Assignment.sequelize!.query<{ ms: number | string | null; start_time: Date | string; end_time: Date | string }>(
        `SELECT s.start_time, s.end_time FROM scheduling_assignments a JOIN scheduling_shifts s ON s.id = a.shift_id
          WHERE a.organization_id = :org AND a.user_id = :user AND a.assignment_status IN ('assigned', 'confirmed')
            AND s.status = 'scheduled' AND s.shift_date BETWEEN :first AND :last AND s.end_time <= :now`,
        { type: QueryTypes.SELECT, replacements: { org: organizationId, user: userId, first, last, now: new Date() } },
      ),
    ]);
    const ms = hours.reduce((sum, r) => sum + (new Date(r.end_time).getTime() - new Date(r.start_time).getTime()), 0);
    return { shifts_scheduled: upcoming, shifts_scheduled_this_week: week, shifts_scheduled_this_month: month, hours_worked_this_month: Math.round((ms / 3_600_000) * 100) / 100 };
  }
}

