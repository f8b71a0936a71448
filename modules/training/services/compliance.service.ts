import { inject, injectable } from 'inversify';
import type { Request } from 'express';
import { requireAnyPermission, type Actor } from '../../../core/identity/api/actor';
import { evaluateMember } from '../engine/evaluate-member';
import { currentCertifications, matchesCertification } from '../engine/certifications';
import type { EngineRecord, MemberCompliance, RequirementOutcome } from '../engine/engine.types';
import type { ComplianceSummaryView, DashboardSummaryView, ExpiringCertificationView, RequirementProgressView } from '../api/compliance.types';
import { TRAINING_PERMISSIONS } from '../training.permissions';
import { ComplianceSnapshots, type ComplianceSnapshot } from './compliance-snapshot';
import { MemberDirectory } from './member-directory';

const OFFICER = [TRAINING_PERMISSIONS.viewAll, TRAINING_PERMISSIONS.manage];

export function summaryView(c: MemberCompliance): ComplianceSummaryView {
  return {
    user_id: c.userId, requirements_met: c.requirementsMet, requirements_total: c.requirementsTotal, certs_expiring_soon: c.certsExpiringSoon,
    certs_expired: c.certsExpired, compliance_status: c.status, compliance_label: c.label, hours_this_year: c.hoursThisYear,
    active_certifications: c.activeCertifications, is_exempt: c.exempt,
  };
}

export function progressView(o: RequirementOutcome): RequirementProgressView {
  return {
    requirement_id: o.requirementId, name: o.name, requirement_type: o.requirementType, status: o.status, met: o.met, progress: o.progress,
    required: o.required, percentage: o.percentage, period_start: o.window.start, period_end: o.window.end, waived_months: o.waivedMonths, reason: o.reason,
  };
}

/** Compliance for one member or the whole organization, computed by the engine from one snapshot. */
@injectable()
export class ComplianceService {
  constructor(
    @inject(ComplianceSnapshots) private readonly snapshots: ComplianceSnapshots,
    @inject(MemberDirectory) private readonly directory: MemberDirectory,
  ) {}

  /** A member's own summary, or anyone's for officers. Another organization's member is a 404. */
  async summary(actor: Actor, req: Request, userId: string): Promise<ComplianceSummaryView> {
    const uid = userId.toLowerCase();
    if (uid !== actor.auth.userId) await requireAnyPermission(actor, req, OFFICER);
    await this.directory.get(actor.auth.organizationId, uid);
    return summaryView(await this.evaluateOne(actor.auth.organizationId, uid));
  }

  async evaluateOne(organizationId: string, userId: string): Promise<MemberCompliance> {
    const snap = await this.snapshots.load(organizationId, { userIds: [userId] });
    return this.evaluate(snap, userId);
  }

  evaluate(snap: ComplianceSnapshot, userId: string): MemberCompliance {
    const member = snap.members.get(userId)!;
    return evaluateMember(member, snap.requirements, snap.recordsByUser.get(userId) ?? [], snap.waiversByUser.get(userId) ?? [], snap.context);
  }

  /**
   * Certifications (latest record per member and course) expiring within `days`, expired ones
   * included, soonest first. `evaluated` reuses certifications a dashboard run already worked out.
   */
  expiringFrom(snap: ComplianceSnapshot, days: number, evaluated?: ReadonlyMap<string, MemberCompliance>): ExpiringCertificationView[] {
    const certRequirements = snap.requirements.filter((r) => r.requirementType === 'certification');
    const out: ExpiringCertificationView[] = [];
    for (const [userId, member] of snap.members) {
      const records = snap.recordsByUser.get(userId) ?? [];
      const certifications = evaluated?.get(userId)?.certifications ?? currentCertifications(records, snap.today, snap.context.expiringSoonDays);
      const soon = certifications.filter((c) => c.daysUntilExpiry <= days);
      if (soon.length === 0) continue;
      const byId = new Map<string, EngineRecord>(records.map((r) => [r.id, r]));
      for (const cert of soon) {
        const requirement = certRequirements.find((r) => matchesCertification(r, byId.get(cert.recordId)!)) ?? null;
        out.push({
          user_id: userId, member_name: member.name, requirement_id: requirement?.id ?? null, requirement_name: requirement?.name ?? cert.courseName,
          record_id: cert.recordId, course_name: cert.courseName, expiry_date: cert.expirationDate, days_until_expiry: cert.daysUntilExpiry, status: cert.status,
        });
      }
    }
    return out.sort((a, b) => a.days_until_expiry - b.days_until_expiry || a.member_name.localeCompare(b.member_name));
  }

  async expiring(actor: Actor, req: Request, days: number): Promise<ExpiringCertificationView[]> {
    await requireAnyPermission(actor, req, OFFICER);
    const snap = await this.snapshots.load(actor.auth.organizationId, { withActivity: false });
    return this.expiringFrom(snap, days);
  }

  /** The training officer's dashboard: every counted member evaluated from one snapshot. */
  async dashboard(actor: Actor, req: Request, expirationDays: number): Promise<DashboardSummaryView> {
    await requireAnyPermission(actor, req, OFFICER);
    const snap = await this.snapshots.load(actor.auth.organizationId);
    const counts = { green: 0, yellow: 0, red: 0, exempt: 0 };
    let hours = 0;
    const evaluated = new Map<string, MemberCompliance>();
    for (const userId of snap.members.keys()) {
      const c = this.evaluate(snap, userId);
      evaluated.set(userId, c);
      counts[c.status]++;
      hours += c.hoursThisYear;
    }
    const expiring = this.expiringFrom(snap, expirationDays, evaluated);
    const notExempt = snap.members.size - counts.exempt;
    const notEvaluable = snap.requirements.filter((r) => (r.requirementType === 'shifts' || r.requirementType === 'calls') && !snap.context.activity.get(r.id)).length
      + snap.requirements.filter((r) => (r.requirementType === 'skills_evaluation' || r.requirementType === 'checklist') && r.requiredCourses.length === 0).length;
    return {
      total_members: snap.members.size,
      compliant_members: counts.green,
      compliance_percentage: notExempt > 0 ? Math.round((counts.green / notExempt) * 1000) / 10 : 100,
      status_counts: counts,
      total_requirements: snap.requirements.length,
      not_evaluable_requirements: notEvaluable,
      expiring_count: expiring.filter((e) => e.days_until_expiry >= 0).length,
      expired_count: expiring.filter((e) => e.days_until_expiry < 0).length,
      expiration_days: expirationDays,
      expiring_certifications: expiring,
      total_hours_this_year: Math.round(hours * 100) / 100,
    };
  }
}
