import { injectable } from 'inversify';
import { QueryTypes } from 'sequelize';
import type { ShiftActivityProvider } from '../../../core/modules/capabilities';
import { Assignment } from '../models/assignment.model';

/** Statuses that mean the member worked (or is down to work) the shift. */
const WORKED = ['assigned', 'confirmed'];

/** Scheduling's answer to "how many shifts did these members work": the ShiftActivityProvider capability. */
@injectable()
export class ShiftActivity implements ShiftActivityProvider {
  async countShifts(organizationId: string, userIds: readonly string[], from: Date, to: Date): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await Assignment.sequelize!.query<{ user_id: string; n: number | string }>(
      `SELECT a.user_id, COUNT(*) AS n FROM scheduling_assignments a JOIN scheduling_shifts s ON s.id = a.shift_id
        WHERE a.organization_id = :org AND s.organization_id = :org AND a.user_id IN (:users) AND a.assignment_status IN (:worked)
          AND s.status = 'scheduled' AND s.start_time >= :from AND s.start_time < :to
        GROUP BY a.user_id`,
      { type: QueryTypes.SELECT, replacements: { org: organizationId, users: [...userIds], worked: WORKED, from, to } },
    );
    return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
  }

  /** Call logging is not part of scheduling yet: calls are "not tracked", never a wrong zero. */
  async countCalls(): Promise<Map<string, number> | null> {
    return null;
  }
}

