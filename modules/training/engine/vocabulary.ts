/** The training vocabulary of spa-contract §3: the values each enum may take, and the status light's labels. */
export const TRAINING_TYPES = ['certification', 'continuing_education', 'skills_practice', 'orientation', 'refresher', 'specialty'] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];

export const TRAINING_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled', 'failed'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export const REQUIREMENT_TYPES = ['hours', 'courses', 'certification', 'shifts', 'calls', 'skills_evaluation', 'checklist', 'knowledge_test'] as const;
export type RequirementType = (typeof REQUIREMENT_TYPES)[number];

export const FREQUENCIES = ['annual', 'biannual', 'quarterly', 'monthly', 'one_time'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const DUE_DATE_TYPES = ['calendar_period', 'rolling', 'certification_period', 'fixed_date'] as const;
export type DueDateType = (typeof DUE_DATE_TYPES)[number];

export const SOURCES = ['department', 'state', 'national'] as const;
export type RequirementSource = (typeof SOURCES)[number];

export const WAIVER_TYPES = ['leave', 'medical', 'military', 'personal', 'administrative', 'new_member', 'other'] as const;
export type WaiverType = (typeof WAIVER_TYPES)[number];

export type ComplianceStatus = 'green' | 'yellow' | 'red' | 'exempt';

/** How the SPA labels each light (`compliance_label`). */
export const STATUS_LABELS: Readonly<Record<ComplianceStatus, string>> = {
  green: 'Compliant',
  yellow: 'At Risk',
  red: 'Non-Compliant',
  exempt: 'Exempt',
};
