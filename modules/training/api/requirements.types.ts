import type { DateString, DueDateTypeValue, FrequencyValue, RequirementTypeValue, SourceValue, TrainingTypeValue, Uuid } from './common.types';

export interface ChecklistItemView {
  /** @maxLength 100 */
  id: string;
  /** @minLength 1 @maxLength 500 */
  text: string;
  member_visible: boolean;
  member_can_complete?: boolean;
}

export interface TrainingRequirementView {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  requirement_type: RequirementTypeValue;
  source: SourceValue;
  registry_name: string | null;
  registry_code: string | null;
  is_editable: boolean;
  allows_external_credit: boolean;
  training_type: TrainingTypeValue | null;
  required_hours: number | null;
  required_courses: string[];
  required_shifts: number | null;
  required_calls: number | null;
  required_call_types: string[];
  required_skills: string[];
  checklist_items: ChecklistItemView[];
  passing_score: number | null;
  max_attempts: number | null;
  frequency: FrequencyValue;
  year: number | null;
  applies_to_all: boolean;
  required_roles: string[];
  required_positions: string[];
  required_membership_types: string[];
  start_date: string | null;
  due_date: string | null;
  time_limit_days: number | null;
  due_date_type: DueDateTypeValue;
  rolling_period_months: number | null;
  period_start_month: number | null;
  period_start_day: number | null;
  period_end_month: number | null;
  period_end_day: number | null;
  include_current_month: boolean | null;
  recency_days: number | null;
  category_ids: string[];
  active: boolean;
  created_at: string;
  updated_at: string;
  /** Set when the fields contradict each other in a way that makes evaluation fall back (e.g. rolling without months). */
  config_warning: string | null;
}

export interface RequirementFields {
  /** @maxLength 5000 */
  description?: string | null;
  source?: SourceValue;
  /** @maxLength 200 */
  registry_name?: string | null;
  /** @maxLength 100 */
  registry_code?: string | null;
  is_editable?: boolean;
  allows_external_credit?: boolean;
  training_type?: TrainingTypeValue | null;
  /** @minimum 0 @maximum 10000 */
  required_hours?: number | null;
  /** Course ids of this organization. @maxItems 100 */
  required_courses?: Uuid[];
  /** @isInt @minimum 0 @maximum 10000 */
  required_shifts?: number | null;
  /** @isInt @minimum 0 @maximum 100000 */
  required_calls?: number | null;
  /** @maxItems 100 */
  required_call_types?: string[];
  /** @maxItems 100 */
  required_skills?: string[];
  /** @maxItems 200 */
  checklist_items?: ChecklistItemView[];
  /** @minimum 0 @maximum 1000 */
  passing_score?: number | null;
  /** @isInt @minimum 1 @maximum 100 */
  max_attempts?: number | null;
  /** @isInt @minimum 2000 @maximum 2999 */
  year?: number | null;
  applies_to_all?: boolean;
  /** Position ids or slugs. @maxItems 100 */
  required_roles?: string[];
  /** Position ids or slugs. @maxItems 100 */
  required_positions?: string[];
  /** @maxItems 10 */
  required_membership_types?: Array<'prospective' | 'probationary' | 'active' | 'life' | 'retired' | 'honorary' | 'administrative'>;
  start_date?: DateString | null;
  due_date?: DateString | null;
  /** @isInt @minimum 1 @maximum 3650 */
  time_limit_days?: number | null;
  due_date_type?: DueDateTypeValue;
  /** @isInt @minimum 1 @maximum 120 */
  rolling_period_months?: number | null;
  /** @isInt @minimum 1 @maximum 12 */
  period_start_month?: number | null;
  /** @isInt @minimum 1 @maximum 31 */
  period_start_day?: number | null;
  /** @isInt @minimum 1 @maximum 12 */
  period_end_month?: number | null;
  /** @isInt @minimum 1 @maximum 31 */
  period_end_day?: number | null;
  include_current_month?: boolean | null;
  /** @isInt @minimum 1 @maximum 3650 */
  recency_days?: number | null;
  /** @maxItems 50 */
  category_ids?: Uuid[];
}

export interface CreateRequirementRequest extends RequirementFields {
  /** @minLength 1 @maxLength 200 */
  name: string;
  requirement_type: RequirementTypeValue;
  frequency: FrequencyValue;
}

export interface UpdateRequirementRequest extends RequirementFields {
  /** @minLength 1 @maxLength 200 */
  name?: string;
  requirement_type?: RequirementTypeValue;
  frequency?: FrequencyValue;
  active?: boolean;
}
