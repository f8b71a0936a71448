import type { SeatEntry, SeatView } from './shift.types';

export type TemplateCategoryName = 'standard' | 'specialty' | 'event';

export interface TemplateView {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  start_time_of_day: string;
  end_time_of_day: string;
  duration_hours: number;
  color: string | null;
  positions: SeatView[];
  min_staffing: number;
  category: TemplateCategoryName;
  apparatus_type: string | null;
  apparatus_id: string | null;
  is_default: boolean;
  is_active: boolean;
  open_to_all_members: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateTemplateRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  name: string;
  /** @maxLength 2000 */
  description?: string | null;
  /** Local time of day, HH:MM. */
  start_time_of_day: string;
  /** Local time of day, HH:MM; earlier than the start means the next day. */
  end_time_of_day: string;
  /**
   * Defaults to the time from start to end (24 when they are equal).
   * @minimum 0.25
   * @maximum 72
   */
  duration_hours?: number;
  /** @maxLength 20 */
  color?: string | null;
  /** @maxItems 50 */
  positions?: Array<string | SeatEntry> | null;
  /**
   * @isInt
   * @minimum 0
   * @maximum 100
   */
  min_staffing?: number;
  category?: TemplateCategoryName;
  /** @maxLength 50 */
  apparatus_type?: string | null;
  apparatus_id?: string | null;
  is_default?: boolean;
  is_active?: boolean;
  open_to_all_members?: boolean;
}

export type UpdateTemplateRequest = Partial<CreateTemplateRequest>;
