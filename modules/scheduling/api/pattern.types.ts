export type PatternTypeName = 'daily' | 'weekly' | 'platoon' | 'custom';

export interface PatternView {
  id: string;
  organization_id: string;
  name: string;
  pattern_type: PatternTypeName;
  template_id: string;
  start_date: string;
  end_date: string | null;
  weekdays: number[];
  days_on: number | null;
  days_off: number | null;
  cycle: boolean[];
  platoon: string | null;
  is_active: boolean;
  generated_through: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreatePatternRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  name: string;
  pattern_type: PatternTypeName;
  template_id: string;
  /** The first day of the rotation (day 0 of platoon and custom cycles). */
  start_date: string;
  end_date?: string | null;
  /** Weekly: weekdays 0 (Sunday) to 6. @maxItems 7 */
  weekdays?: number[];
  /**
   * Platoon: days on duty, then days off (24/48 is 1 and 2).
   * @isInt
   * @minimum 1
   * @maximum 30
   */
  days_on?: number;
  /**
   * @isInt
   * @minimum 0
   * @maximum 60
   */
  days_off?: number;
  /** Custom: one entry per day of the cycle, true = on duty. @maxItems 366 */
  cycle?: boolean[];
  /** @maxLength 20 */
  platoon?: string | null;
  is_active?: boolean;
}

export interface GenerateRequest {
  start_date: string;
  end_date: string;
}

export interface GenerateResult {
  /** Shifts inserted by this run. */
  created: number;
  /** On-duty days that already had their shift (generation is idempotent). */
  existing: number;
}
