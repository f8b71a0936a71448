import type { ComplianceStatusValue } from './common.types';

export interface ComplianceSummaryView {
  user_id: string;
  requirements_met: number;
  requirements_total: number;
  certs_expiring_soon: number;
  certs_expired: number;
  compliance_status: ComplianceStatusValue;
  compliance_label: string;
  hours_this_year: number;
  active_certifications: number;
  is_exempt: boolean;
}

export interface ExpiringCertificationView {
  user_id: string;
  member_name: string;
  /** The certification requirement the record satisfies, when one matches; else null. */
  requirement_id: string | null;
  /** That requirement's name, or the course name when none matches. */
  requirement_name: string;
  record_id: string;
  course_name: string;
  expiry_date: string;
  /** Negative once expired. */
  days_until_expiry: number;
  status: 'expired' | 'expiring_soon' | 'current';
}

export interface RequirementProgressView {
  requirement_id: string;
  name: string;
  requirement_type: string;
  status: 'completed' | 'in_progress' | 'not_started' | 'expired' | 'not_evaluable';
  met: boolean | null;
  progress: number | null;
  required: number | null;
  percentage: number | null;
  period_start: string | null;
  period_end: string | null;
  waived_months: number;
  reason: string | null;
}

export interface DashboardSummaryView {
  total_members: number;
  compliant_members: number;
  /** 0-100, over members who are not exempt. */
  compliance_percentage: number;
  status_counts: { green: number; yellow: number; red: number; exempt: number };
  total_requirements: number;
  /** Requirements no module can evaluate (shifts/calls without a scheduling provider). */
  not_evaluable_requirements: number;
  expiring_count: number;
  expired_count: number;
  expiration_days: number;
  expiring_certifications: ExpiringCertificationView[];
  total_hours_this_year: number;
}
