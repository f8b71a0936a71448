import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Shift } from '../models/shift.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES, type ShiftPosition } from '../models/assignment.model';
import { TimeOff } from '../models/time-off.model';
import { readSeats, seatCounts, positionLabel } from '../domain/seats';
import { localDate, localTime } from '../domain/zoned-time';
import { refusal, refuse, type Refusal } from '../domain/refusals';
import type { MemberFacts } from './members';

/**
 * The rules every assignment obeys (original-backend §6 "Assignment and signup validation"), in one
 * place: manager assignments, self sign-up, swaps, time-off checks and the eligibility and
 * unavailable-member answers all call these. The write paths call them with the shift row and the
 * member row locked, so what they check cannot change before the insert commits.
 */

export type Mode = 'assign' | 'signup';

/** How a shift is named in sentences: "the shift of 2026-12-01 07:00-19:00". */
export function shiftLabel(shift: Pick<Shift, 'startTime' | 'endTime'>, timeZone: string): string {
  return `the shift of ${localDate(shift.startTime, timeZone)} ${localTime(shift.startTime, timeZone)}-${localTime(shift.endTime, timeZone)}`;
}

/** Cancelled, finalized or past shifts take no one. Sign-up closes when the shift starts; assignment when it ends. */
export function shiftRefusal(shift: Shift, now: Date, mode: Mode, timeZone: string): Refusal | null {
  const label = shiftLabel(shift, timeZone);
  if (shift.status === 'cancelled') return refusal('shiftCancelled', `${cap(label)} was cancelled, so nobody can be scheduled on it.`);
  if (shift.isFinalized) return refusal('shiftFinalized', `${cap(label)} is finalized; its roster can no longer change.`);
  const closes = mode === 'signup' ? shift.startTime : shift.endTime;
  if (closes.getTime() <= now.getTime()) {
    return refusal('shiftInPast', mode === 'signup'
      ? `${cap(label)} has already started; sign-up closes when a shift begins.`
      : `${cap(label)} is over; past shifts cannot be staffed.`);
  }
  return null;
}

const SCHEDULABLE = new Set(['active', 'probationary']);

export function memberRefusal(member: MemberFacts): Refusal | null {
  if (member.status === 'leave') return refusal('memberOnLeave', `${member.name} is on leave and cannot be scheduled.`);
  if (!SCHEDULABLE.has(member.status)) return refusal('memberInactive', `${member.name} is not an active member (status: ${member.status}), so they cannot be scheduled.`);
  return null;
}

/** The member's active assignment on this shift, if any. */
export async function activeOnShift(tx: Transaction | undefined, shiftId: string, userId: string, exclude: readonly string[] = []): Promise<Assignment | null> {
  return Assignment.findOne({
    where: { shiftId, userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] }, ...(exclude.length ? { id: { [Op.notIn]: [...exclude] } } : {}) },
    transaction: tx,
  });
}

export function alreadyOnShiftRefusal(member: MemberFacts, existing: Pick<Assignment, 'position'>): Refusal {
  return refusal('alreadyOnShift', `${member.name} is already on this shift (${positionLabel(existing.position)} seat).`);
}

interface OverlapRow { id: string; start_time: Date | string; end_time: Date | string }

/**
 * Another active assignment of the member on a scheduled shift whose time range intersects this
 * one's. Instants, not dates, are compared, so night shifts across midnight and shifts across a DST
 * change are judged by the hours they really cover.
 */
export async function overlapRefusal(tx: Transaction | undefined, shift: Shift, member: MemberFacts, timeZone: string, exclude: readonly string[] = []): Promise<Refusal | null> {
  const sequelize = Assignment.sequelize!;
  const rows = await sequelize.query<OverlapRow>(
    `SELECT a.id, s.start_time, s.end_time FROM scheduling_assignments a JOIN scheduling_shifts s ON s.id = a.shift_id
      WHERE a.organization_id = :org AND a.user_id = :user AND a.assignment_status IN (:active)
        AND s.status = 'scheduled' AND s.id <> :shift AND s.start_time < :end AND s.end_time > :start
        ${exclude.length ? 'AND a.id NOT IN (:exclude)' : ''}
      LIMIT 1`,
    {
      type: QueryTypes.SELECT, transaction: tx,
      replacements: { org: shift.organizationId, user: member.id, active: [...ACTIVE_ASSIGNMENT_STATUSES], shift: shift.id, start: shift.startTime, end: shift.endTime, exclude: [...exclude] },
    },
  );
  if (rows.length === 0) return null;
  const other = { startTime: new Date(rows[0].start_time), endTime: new Date(rows[0].end_time) };
  return refusal('overlap', `${member.name} is already on ${shiftLabel(other, timeZone)}, which overlaps this one.`);
}

/** The local dates a shift touches (a night shift touches two). */
export function shiftDates(shift: Pick<Shift, 'startTime' | 'endTime'>, timeZone: string): { first: string; last: string } {
  return { first: localDate(shift.startTime, timeZone), last: localDate(new Date(shift.endTime.getTime() - 1), timeZone) };
}

export async function timeOffRefusal(tx: Transaction | undefined, shift: Shift, member: MemberFacts, timeZone: string): Promise<Refusal | null> {
  const { first, last } = shiftDates(shift, timeZone);
  const off = await TimeOff.findOne({
    where: { organizationId: shift.organizationId, userId: member.id, status: 'approved', startDate: { [Op.lte]: last }, endDate: { [Op.gte]: first } },
    attributes: ['id', 'startDate', 'endDate'], transaction: tx, raw: true,
  });
  if (!off) return null;
  return refusal('onTimeOff', `${member.name} has approved time off from ${off.startDate} to ${off.endDate}, which covers this shift.`);
}

/**
 * The seat a new assignment takes: the lowest free index among the shift's seats of that position.
 * A shift without a seat list takes any position (index null: no seat key). Call with the shift row
 * locked; the unique seat key backs this up should a code path ever forget the lock.
 */
export async function pickSeat(tx: Transaction, shift: Shift, position: ShiftPosition, exclude: readonly string[] = []): Promise<number | null> {
  const seats = readSeats(shift.positions);
  if (seats.length === 0) return null;
  const count = seatCounts(seats).get(position) ?? 0;
  if (count === 0) refuse('noSuchSeat', `This shift has no ${positionLabel(position)} seat.`);
  const taken = await Assignment.findAll({
    where: { shiftId: shift.id, position, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] }, ...(exclude.length ? { id: { [Op.notIn]: [...exclude] } } : {}) },
    attributes: ['seatKey'], transaction: tx, raw: true,
  });
  const used = new Set(taken.map((a) => Number(String(a.seatKey ?? '').split(':')[2])));
  for (let i = 0; i < count; i++) if (!used.has(i)) return i;
  return refuse('seatTaken', count === 1
    ? `The ${positionLabel(position)} seat on this shift is already taken.`
    : `All ${count} ${positionLabel(position)} seats on this shift are already taken.`);
}

/**
 * Every member-level rule for putting `member` on `shift` (the shift itself already checked), in
 * the order the original reports them. Throws the first refusal.
 */
export async function assertMemberFits(tx: Transaction, shift: Shift, member: MemberFacts, timeZone: string, exclude: readonly string[] = []): Promise<void> {
  const inactive = memberRefusal(member);
  if (inactive) refuse(inactive.rule, inactive.message);
  const existing = await activeOnShift(tx, shift.id, member.id, exclude);
  if (existing) { const r = alreadyOnShiftRefusal(member, existing); refuse(r.rule, r.message); }
  const overlap = await overlapRefusal(tx, shift, member, timeZone, exclude);
  if (overlap) refuse(overlap.rule, overlap.message);
  const off = await timeOffRefusal(tx, shift, member, timeZone);
  if (off) refuse(off.rule, off.message);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
