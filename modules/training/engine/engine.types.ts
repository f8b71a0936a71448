import type { IsoDate } from './civil-date';
import type { TrainingType, TrainingStatus, RequirementType, Frequency, DueDateType, RequirementSource, WaiverType, ComplianceStatus } from './vocabulary';

export type { TrainingType, TrainingStatus, RequirementType, Frequency, DueDateType, RequirementSource, WaiverType, ComplianceStatus };

/**
 * What the compliance engine works on: plain rows, already loaded. The engine never queries, so an
 * organization-wide evaluation costs the same fixed number of queries for 5 members or 5,000.
 */

/** How a requirement's evaluation window is chosen (a subset of the requirement's fields). */
export interface PeriodSpec {
  frequency: Frequency;
  dueDateType: DueDateType;
  year: number | null;
  rollingPeriodMonths: number | null;
  periodStartMonth: number | null;
  periodStartDay: number | null;
  periodEndMonth: number | null;
  periodEndDay: number | null;
  includeCurrentMonth: boolean | null;
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
}

export interface EngineRequirement extends PeriodSpec {
  id: string;
  name: string;
  requirementType: RequirementType;
  trainingType: TrainingType | null;
  registryCode: string | null;
  requiredHours: number | null;
  requiredCourses: string[];
  requiredShifts: number | null;
  requiredCalls: number | null;
  passingScore: number | null;
  categoryIds: string[];
  appliesToAll: boolean;
  /** Position ids or slugs (the SPA's `required_roles` and `required_positions` merged). */
  requiredPositions: string[];
  requiredMembershipTypes: string[];
}

export interface EngineRecord {
  id: string;
  userId: string;
  courseId: string | null;
  categoryId: string | null;
  courseName: string;
  trainingType: TrainingType;
  status: TrainingStatus;
  completionDate: IsoDate | null;
  expirationDate: IsoDate | null;
  hours: number;
  certificationNumber: string | null;
  score: number | null;
  passed: boolean | null;
}

export interface EngineWaiver {
  userId: string;
  startDate: IsoDate;
  /** null: open-ended. */
  endDate: IsoDate | null;
  /** null: every requirement. */
  requirementIds: string[] | null;
}

export interface EngineMember {
  id: string;
  membershipType: string | null;
  /** The ids and slugs of the member's positions. */
  positions: readonly string[];
  exempt: boolean;
}

/** A window of calendar dates, both ends inclusive; a null end is open. */
export interface EvaluationWindow {
  kind: 'calendar_year' | 'quarter' | 'month' | 'rolling' | 'one_time' | 'certification' | 'custom' | 'fixed_date';
  start: IsoDate | null;
  end: IsoDate | null;
}

export type OutcomeStatus = 'completed' | 'in_progress' | 'not_started' | 'expired' | 'not_evaluable';

export interface RequirementOutcome {
  requirementId: string;
  name: string;
  requirementType: RequirementType;
  status: OutcomeStatus;
  /** null when not evaluable. */
  met: boolean | null;
  /** Hours, courses, shifts or calls counted; 1/0 for a certification. */
  progress: number | null;
  /** The target after waivers; null for certifications and unevaluable requirements. */
  required: number | null;
  /** 0-100, rounded. */
  percentage: number | null;
  window: EvaluationWindow;
  waivedMonths: number;
  /** Why a requirement is not evaluable, in plain words. */
  reason: string | null;
}

export interface CertificationState {
  recordId: string;
  userId: string;
  courseId: string | null;
  courseName: string;
  certificationNumber: string | null;
  expirationDate: IsoDate;
  daysUntilExpiry: number;
  status: 'expired' | 'expiring_soon' | 'current';
}

export interface MemberCompliance {
  userId: string;
  exempt: boolean;
  outcomes: RequirementOutcome[];
  requirementsMet: number;
  /** Applicable requirements that could be evaluated. */
  requirementsTotal: number;
  certsExpiringSoon: number;
  certsExpired: number;
  activeCertifications: number;
  certifications: CertificationState[];
  hoursThisYear: number;
  status: ComplianceStatus;
  label: string;
}

/** Shift or call counts per requirement id: member id -> count, or null when nobody provides them. */
export type ActivityCounts = ReadonlyMap<string, ReadonlyMap<string, number> | null>;

export interface EvaluationContext {
  today: IsoDate;
  /** Certifications expiring within this many days are "expiring soon" (90). */
  expiringSoonDays: number;
  /** course id -> its category ids, for requirements filtered by category. */
  courseCategories: ReadonlyMap<string, readonly string[]>;
  activity: ActivityCounts;
  /** Windows already worked out per requirement id (an org-wide run computes each once, not once per member). */
  windows?: ReadonlyMap<string, EvaluationWindow>;
}
