import { inject, injectable } from 'inversify';
import { Op, QueryTypes } from 'sequelize';

import { Assignment, ACTIVE_ASSIGNMENT_STATUSES, SHIFT_POSITIONS, type ShiftPosition } from '../models/assignment.model';
import { TimeOff } from '../models/time-off.model';
import { readSeats } from '../domain/seats';
import { localDate } from '../domain/zoned-time';
import { refuse } from '../domain/refusals';
import type { EligiblePositions, UnavailableMembers } from '../api/shift.types';
import { SchedulingContext } from './scheduling-context';
import { Members } from './members';
import { memberRefusal, shiftDates } from './assignment-rules';
import { EligibilityService } from './eligibility.service';
import { ShiftsService } from './shifts.service';

/**
 * Read-only answers from the same rules the writes apply: who cannot be put on a shift, and which
 * seats the caller may take by self sign-up (with the reason for each one refused).
 */
@injectable()
export class AvailabilityService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(EligibilityService) private readonly eligibility: EligibilityService,
  ) {}

  /**
   * Members an officer cannot assign: not active or on leave, already on this shift, on an
   * overlapping shift, or on approved time off covering it. Three queries for the whole roster.
   */
  async unavailable(organizationId: string, shiftId: string): Promise<UnavailableMembers> {
    const shift = await ShiftsService.find(organizationId, shiftId);
    const tz = await this.ctx.timezone(organizationId);
    const start = new Date(shift.startTime);
    const end = new Date(shift.endTime);
    const { first, last } = shiftDates({ startTime: start, endTime: end }, tz);
    const [members, busy, off] = await Promise.all([
      Members.all(organizationId),
      Assignment.sequelize!.query<{ user_id: string }>(
        `SELECT DISTINCT a.user_id FROM scheduling_assignments a JOIN scheduling_shifts s ON s.id = a.shift_id
          WHERE a.organization_id = :org AND a.assignment_status IN (:active) AND s.status = 'scheduled'
            AND (s.id = :shift OR (s.start_time < :end AND s.end_time > :start))`,
        { type: QueryTypes.SELECT, replacements: { org: organizationId, active: [...ACTIVE_ASSIGNMENT_STATUSES], shift: shiftId, start, end } },
      ),
      TimeOff.findAll({ where: { organizationId, status: 'approved', startDate: { [Op.lte]: last }, endDate: { [Op.gte]: first } }, attributes: ['id', 'userId'], raw: true }),
    ]);
    const out = new Set<string>([...busy.map((r) => r.user_id), ...off.map((t) => t.userId)]);
    for (const m of members) if (memberRefusal(m)) out.add(m.id);
    return { unavailable_user_ids: [...out].sort() };
  }

  /** The seats (of a shift, or every position) the caller may take by self sign-up. */
  async eligiblePositions(organizationId: string, userId: string, shiftId?: string): Promise<EligiblePositions> {
    const member = await Members.find(organizationId, userId);
    if (!member) refuse('memberNotFound', 'Member not found');
    const tz = await this.ctx.timezone(organizationId);
    let positions: ShiftPosition[] = [...SHIFT_POSITIONS];
    let onDate = localDate(new Date(), tz);
    if (shiftId) {
      const shift = await ShiftsService.find(organizationId, shiftId);
      const seats = readSeats(shift.positions);
      if (seats.length) positions = [...new Set(seats.map((s) => s.position))];
      onDate = localDate(new Date(shift.startTime), tz);
    }
    const verdict = await this.eligibility.evaluate(organizationId, member, positions, onDate);
    const allowed: string[] = [];
    const refused: EligiblePositions['refused'] = [];
    for (const [p, r] of verdict.positions) {
      if (r) refused.push({ position: p, code: r.code, message: r.message });
      else allowed.push(p);
    }
    return { positions: allowed, is_excluded: verdict.excluded !== null, refused };
  }
}

