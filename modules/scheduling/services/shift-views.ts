import { Op, fn, col, type Transaction } from 'sequelize';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import type { Shift } from '../models/shift.model';
import { readSeats } from '../domain/seats';
import type { AssignmentView, EmbeddedShift, ShiftRecord } from '../api/shift.types';
import { Members } from './members';

/** A shift row as `raw: true` reads it (dates may arrive as strings from SQLite). */
export type ShiftRow = Pick<Shift, 'id' | 'organizationId' | 'shiftDate' | 'startTime' | 'endTime' | 'apparatusId' | 'platoon' | 'positions'
  | 'minStaffing' | 'stationId' | 'shiftOfficerId' | 'color' | 'notes' | 'activities' | 'openToAllMembers' | 'isFinalized' | 'finalizedAt'
  | 'finalizedBy' | 'status' | 'cancelledAt' | 'cancelledBy' | 'cancellationReason' | 'createdAt' | 'updatedAt' | 'createdBy'>;

/** The columns a ShiftRecord is built from (calendar pages read only these). */
export const RECORD_ATTRIBUTES = ['id', 'organizationId', 'shiftDate', 'startTime', 'endTime', 'apparatusId', 'platoon', 'positions', 'minStaffing', 'stationId',
  'shiftOfficerId', 'color', 'notes', 'activities', 'openToAllMembers', 'isFinalized', 'finalizedAt', 'finalizedBy', 'status', 'cancelledAt', 'cancelledBy',
  'cancellationReason', 'createdAt', 'updatedAt', 'createdBy'] as const satisfies ReadonlyArray<keyof ShiftRow>;

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function parseList(value: string | null): unknown[] | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

export function shiftRecord(s: ShiftRow, attendees: number, officerName: string | null): ShiftRecord {
  const start = new Date(s.startTime);
  const end = new Date(s.endTime);
  return {
    id: s.id, organization_id: s.organizationId, shift_date: String(s.shiftDate), start_time: start.toISOString(), end_time: end.toISOString(),
    apparatus_id: s.apparatusId, apparatus_name: null, apparatus_unit_number: null, apparatus_type: null, platoon: s.platoon,
    positions: readSeats(s.positions), min_staffing: s.minStaffing, station_id: s.stationId, shift_officer_id: s.shiftOfficerId,
    shift_officer_name: officerName, color: s.color, notes: s.notes, activities: parseList(s.activities),
    open_to_all_members: Boolean(s.openToAllMembers), attendee_count: attendees, call_count: 0,
    total_hours: Math.round(((end.getTime() - start.getTime()) / 3_600_000) * 100) / 100,
    is_finalized: Boolean(s.isFinalized), finalized_at: iso(s.finalizedAt), finalized_by: s.finalizedBy,
    status: s.status, cancelled_at: iso(s.cancelledAt), cancelled_by: s.cancelledBy, cancellation_reason: s.cancellationReason,
    created_at: iso(s.createdAt)!, updated_at: iso(s.updatedAt)!, created_by: s.createdBy,
  };
}

/** Active assignments per shift, in one grouped query however many shifts there are. */
export async function attendeeCounts(shiftIds: readonly string[], tx?: Transaction): Promise<Map<string, number>> {
  if (shiftIds.length === 0) return new Map();
  const rows = await Assignment.findAll({
    where: { shiftId: { [Op.in]: [...shiftIds] }, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } },
    attributes: ['shiftId', [fn('COUNT', col('id')), 'n']], group: ['shiftId'], raw: true, transaction: tx,
  }) as unknown as Array<{ shiftId: string; n: number | string }>;
  return new Map(rows.map((r) => [r.shiftId, Number(r.n)]));
}

/** ShiftRecords for many rows: a constant number of queries (counts, officer names), never one per shift. */
export async function shiftRecords(organizationId: string, rows: readonly ShiftRow[]): Promise<ShiftRecord[]> {
  if (rows.length === 0) return [];
  const [counts, officers] = await Promise.all([
    attendeeCounts(rows.map((r) => r.id)),
    Members.many(organizationId, rows.map((r) => r.shiftOfficerId).filter((x): x is string => Boolean(x))),
  ]);
  return rows.map((r) => shiftRecord(r, counts.get(r.id) ?? 0, r.shiftOfficerId ? officers.get(r.shiftOfficerId)?.name ?? null : null));
}

export type AssignmentRow = Pick<Assignment, 'id' | 'organizationId' | 'shiftId' | 'userId' | 'position' | 'assignmentStatus' | 'assignedBy'
  | 'confirmedAt' | 'notes' | 'isTraining' | 'trainingProgramId' | 'trainingEvaluatorId' | 'createdAt' | 'updatedAt'>;

export function embeddedShift(s: ShiftRow): EmbeddedShift {
  return {
    id: s.id, shift_date: String(s.shiftDate), start_time: iso(s.startTime)!, end_time: iso(s.endTime)!, notes: s.notes,
    apparatus_id: s.apparatusId, apparatus_name: null, apparatus_unit_number: null, shift_officer_id: s.shiftOfficerId, color: s.color,
  };
}

export function assignmentView(a: AssignmentRow, names: ReadonlyMap<string, string>, shift?: ShiftRow): AssignmentView {
  return {
    id: a.id, organization_id: a.organizationId, shift_id: a.shiftId, user_id: a.userId, user_name: names.get(a.userId) ?? null,
    position: a.position, assignment_status: a.assignmentStatus, assigned_by: a.assignedBy, confirmed_at: iso(a.confirmedAt),
    notes: a.notes, is_training: Boolean(a.isTraining), training_program_id: a.trainingProgramId, training_program_name: null,
    training_evaluator_id: a.trainingEvaluatorId, training_evaluator_name: a.trainingEvaluatorId ? names.get(a.trainingEvaluatorId) ?? null : null,
    ...(shift ? { shift: embeddedShift(shift) } : {}),
    created_at: iso(a.createdAt)!, updated_at: iso(a.updatedAt)!,
  };
}

/** Assignment views with member names, in one query for the names. */
export async function assignmentViews(organizationId: string, rows: readonly AssignmentRow[], shifts?: ReadonlyMap<string, ShiftRow>): Promise<AssignmentView[]> {
  const ids = rows.flatMap((a) => [a.userId, a.trainingEvaluatorId].filter((x): x is string => Boolean(x)));
  const members = await Members.many(organizationId, ids);
  const names = new Map([...members].map(([id, m]) => [id, m.name]));
  return rows.map((a) => assignmentView(a, names, shifts?.get(a.shiftId)));
}
