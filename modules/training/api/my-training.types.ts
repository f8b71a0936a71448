import type { TrainingVisibility } from '../training.settings';
import type { TrainingRecordView } from './records.types';
import type { RequirementProgressView } from './compliance.types';
import type { ComplianceStatusValue } from './common.types';

export interface HoursSummaryView {
  total_records: number;
  total_hours: number;
  hours_this_month: number;
  completed_courses: number;
}

export interface RequirementsSummaryView {
  requirements_met: number;
  requirements_total: number;
  compliance_status: ComplianceStatusValue;
  compliance_label: string;
  hours_this_year: number;
}

export interface MyCertificationView {
  id: string;
  course_name: string;
  certification_number: string | null;
  expiration_date: string;
  is_expired: boolean;
  days_until_expiry: number;
}

/** MyTrainingPage's one call (spa-contract §2.8). Sections the organization hides are absent. */
export interface MyTrainingView {
  visibility: TrainingVisibility;
  requirements_detail?: RequirementProgressView[];
  training_records?: TrainingRecordView[];
  hours_summary?: HoursSummaryView;
  requirements_summary?: RequirementsSummaryView;
  certifications?: MyCertificationView[];
  /** Programs, shift reports and submissions are not part of this server yet: always empty. */
  enrollments: unknown[];
  shift_reports: unknown[];
  shift_stats: null;
  submissions: unknown[];
}

/** `GET /training/module-config/config`: the organization's training settings (no secrets live here). */
export interface TrainingModuleConfigView {
  visibility: TrainingVisibility;
  shift_reports_enabled: boolean;
  expiring_soon_days: number;
  alert_recipients: { training_officer_positions: string[]; compliance_officer_positions: string[]; chief_positions: string[] };
  position_qualifications: Array<{ position: string; label: string; course_ids?: string[]; requirement_id?: string }>;
}

/** A partial update: each given top-level section replaces the stored one; validated against the module's schema. */
export interface UpdateTrainingModuleConfigRequest {
  visibility?: Partial<TrainingVisibility>;
  shift_reports_enabled?: boolean;
  /** @isInt @minimum 1 @maximum 365 */
  expiring_soon_days?: number;
  alert_recipients?: { training_officer_positions?: string[]; compliance_officer_positions?: string[]; chief_positions?: string[] };
  /** @maxItems 100 */
  position_qualifications?: Array<{ position: string; label: string; course_ids?: string[]; requirement_id?: string }>;
}
