import { inject, injectable } from 'inversify';
import { QueryTypes } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { csvLine } from '../../../core/audit/csv';
import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { checkRange, requiredDate } from '../domain/query-params';
import type { CoverageReport, MemberHoursReport } from '../api/report.types';
import { Members } from './members';

const MAX_DAYS = 366;

/**
 * Hours per member and under-staffed shifts over a date range (organization-local shift dates), as
 * JSON or CSV. CSV cells go through the audit export's formula escaping, so a member named
 * `=HYPERLINK(...)` opens as text in a spreadsheet. CSV downloads are audited as exports.
 */
@injectable()
export class ReportsService {
  constructor(@inject(AUDIT_RECORDER) private readonly audit: AuditRecorder) {}

  private range(start?: string, end?: string): { first: string; last: string } {
    const first = requiredDate('start_date', start);
    const last = requiredDate('end_date', end);
    checkRange(first, last, MAX_DAYS);
    return { first, last };
  }

  async memberHours(organizationId: string, start?: string, end?: string): Promise<MemberHoursReport> {
    const { first, last } = this.range(start, end);
    const rows = await Assignment.sequelize!.query<{ user_id: string; start_time: Date | string; end_time: Date | string }>(
      `SELECT a.user_id, s.start_time, s.end_time FROM scheduling_assignments a JOIN scheduling_shifts s ON s.id = a.shift_id
        WHERE a.organization_id = :org AND s.organization_id = :org AND a.assignment_status IN ('assigned', 'confirmed')
          AND s.status = 'scheduled' AND s.shift_date BETWEEN :first AND :last`,
      { type: QueryTypes.SELECT, replacements: { org: organizationId, first, last } },
    );
    const totals = new Map<string, { shifts: number; ms: number }>();
    for (const r of rows) {
      const t = totals.get(r.user_id) ?? { shifts: 0, ms: 0 };
      t.shifts += 1;
      t.ms += new Date(r.end_time).getTime() - new Date(r.start_time).getTime();
      totals.set(r.user_id, t);
    }
    const names = await Members.many(organizationId, [...totals.keys()]);
    const members = [...totals].map(([id, t]) => ({ user_id: id, user_name: names.get(id)?.name ?? null, shifts: t.shifts, hours: Math.round((t.ms / 3_600_000) * 100) / 100 }))
      .sort((a, b) => b.hours - a.hours || (a.user_name ?? '').localeCompare(b.user_name ?? ''));
    return { start_date: first, end_date: last, members };
  }

  async coverage(organizationId: string, start?: string, end?: string): Promise<CoverageReport> {
    const { first, last } = this.range(start, end);
    const rows = await Assignment.sequelize!.query<{ id: string; shift_date: string | Date; start_time: Date | string; end_time: Date | string; min_staffing: number; assigned: number | string }>(
      `SELECT s.id, s.shift_date, s.start_time, s.end_time, s.min_staffing, COUNT(a.id) AS assigned
         FROM scheduling_shifts s LEFT JOIN scheduling_assignments a ON a.shift_id = s.id AND a.assignment_status IN (:active)
        WHERE s.organization_id = :org AND s.status = 'scheduled' AND s.shift_date BETWEEN :first AND :last AND s.min_staffing > 0
        GROUP BY s.id, s.shift_date, s.start_time, s.end_time, s.min_staffing
        HAVING COUNT(a.id) < s.min_staffing
        ORDER BY s.start_time`,
      { type: QueryTypes.SELECT, replacements: { org: organizationId, first, last, active: [...ACTIVE_ASSIGNMENT_STATUSES] } },
    );
    return {
      start_date: first, end_date: last,
      shifts: rows.map((r) => ({
        shift_id: r.id, shift_date: typeof r.shift_date === 'string' ? r.shift_date.slice(0, 10) : r.shift_date.toISOString().slice(0, 10),
        start_time: new Date(r.start_time).toISOString(), end_time: new Date(r.end_time).toISOString(),
        min_staffing: Number(r.min_staffing), assigned: Number(r.assigned), shortfall: Number(r.min_staffing) - Number(r.assigned),
      })),
    };
  }

  memberHoursCsv(report: MemberHoursReport): string {
    return csvLine(['user_id', 'user_name', 'shifts', 'hours']) + report.members.map((m) => csvLine([m.user_id, m.user_name, m.shifts, m.hours])).join('');
  }

  coverageCsv(report: CoverageReport): string {
    return csvLine(['shift_id', 'shift_date', 'start_time', 'end_time', 'min_staffing', 'assigned', 'shortfall'])
      + report.shifts.map((s) => csvLine([s.shift_id, s.shift_date, s.start_time, s.end_time, s.min_staffing, s.assigned, s.shortfall])).join('');
  }

  async recordExport(actor: Actor, report: string, first: string, last: string, rows: number): Promise<void> {
    await this.audit.recordStandalone(changeEvent(actor, { eventType: 'scheduling.report-exported', eventCategory: 'scheduling', resourceType: 'report', resourceId: report, eventData: { start_date: first, end_date: last, rows, format: 'csv' } }));
  }
}
