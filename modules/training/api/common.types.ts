/** Enums of spa-contract §3, as tsoa validates them. */
export type TrainingTypeValue = 'certification' | 'continuing_education' | 'skills_practice' | 'orientation' | 'refresher' | 'specialty';
export type TrainingStatusValue = 'scheduled' | 'in_progress' | 'completed' | 'cancelled' | 'failed';
export type RequirementTypeValue = 'hours' | 'courses' | 'certification' | 'shifts' | 'calls' | 'skills_evaluation' | 'checklist' | 'knowledge_test';
export type FrequencyValue = 'annual' | 'biannual' | 'quarterly' | 'monthly' | 'one_time';
export type DueDateTypeValue = 'calendar_period' | 'rolling' | 'certification_period' | 'fixed_date';
export type SourceValue = 'department' | 'state' | 'national';
export type WaiverTypeValue = 'leave' | 'medical' | 'military' | 'personal' | 'administrative' | 'new_member' | 'other';
export type ComplianceStatusValue = 'green' | 'yellow' | 'red' | 'exempt';

/**
 * A calendar date, YYYY-MM-DD (checked again for a real date: 2025-02-30 is 422).
 * @pattern ^\d{4}-\d{2}-\d{2}$
 */
export type DateString = string;

/**
 * A lower-case UUID.
 * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
 */
export type Uuid = string;
