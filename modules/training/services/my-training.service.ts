import { inject, injectable } from 'inversify';
import { TrainingRecord } from '../models/record.model';
import type { Actor } from '../../../core/identity/api/actor';
import type { MyTrainingView } from '../api/my-training.types';
import { parts } from '../engine/civil-date';
import { ComplianceService, progressView } from './compliance.service';
import { ComplianceSnapshots } from './compliance-snapshot';
import { recordView } from './views';
import { num } from './rows';

/** The member's own training page: what the organization's visibility settings let them see. */
@injectable()
export class MyTrainingService {
  constructor(
    @inject(ComplianceSnapshots) private readonly snapshots: ComplianceSnapshots,
    @inject(ComplianceService) private readonly compliance: ComplianceService,
  ) {}

  async get(actor: Actor): Promise<MyTrainingView> {
    const org = actor.auth.organizationId;
    const me = actor.auth.userId;
    const [snap, records] = await Promise.all([
      this.snapshots.load(org, { userIds: [me] }),
      TrainingRecord.findAll({ where: { organizationId: org, userId: me }, order: [['completionDate', 'DESC'], ['createdAt', 'DESC']], limit: 5000 }),
    ]);
    const v = snap.settings.visibility;
    const view: MyTrainingView = { visibility: v, enrollments: [], shift_reports: [], shift_stats: null, submissions: [] };
    const member = snap.members.get(me);
    const result = member ? this.compliance.evaluate(snap, me) : null;
    if (v.show_training_history) view.training_records = records.map(recordView);
    if (v.show_training_hours) {
      const { year, month } = parts(snap.today);
      const completed = records.filter((r) => r.status === 'completed');
      view.hours_summary = {
        total_records: records.length,
        total_hours: Math.round(completed.reduce((s, r) => s + num(r.hoursCompleted), 0) * 100) / 100,
        hours_this_month: Math.round(completed.filter((r) => r.completionDate && parts(String(r.completionDate)).year === year && parts(String(r.completionDate)).month === month)
          .reduce((s, r) => s + num(r.hoursCompleted), 0) * 100) / 100,
        completed_courses: new Set(completed.map((r) => r.courseId ?? r.courseName)).size,
      };
    }
    if (result) {
      if (v.show_requirement_details) view.requirements_detail = result.outcomes.map(progressView);
      view.requirements_summary = {
        requirements_met: result.requirementsMet, requirements_total: result.requirementsTotal, compliance_status: result.status,
        compliance_label: result.label, hours_this_year: result.hoursThisYear,
      };
      if (v.show_certification_status) {
        view.certifications = result.certifications.map((c) => ({
          id: c.recordId, course_name: c.courseName, certification_number: c.certificationNumber, expiration_date: c.expirationDate,
          is_expired: c.daysUntilExpiry < 0, days_until_expiry: c.daysUntilExpiry,
        }));
      }
    }
    return view;
  }
}
