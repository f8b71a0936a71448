import type { ShiftPositionName } from './shift.types';

export interface CallTrackingSettings {
  mode: string;
  call_types: Array<{ slug: string; label: string }>;
}

export interface SchedulingSettingsView {
  platoons_enabled: boolean;
  max_hours_per_window: number | null;
  hours_window_days: number;
  auto_generate_enabled: boolean;
  auto_generate_weeks: number;
  require_end_of_shift_checks: boolean;
  restrict_checkin_to_assigned: boolean;
  enforce_evoc: boolean;
  /** Call logging is not part of this module; always `{mode: 'off'}`. */
  call_tracking: CallTrackingSettings;
  self_signup_positions: ShiftPositionName[];
  excluded_membership_types: string[];
  default_shift_hours: number;
}

export interface UpdateSchedulingSettings {
  platoons_enabled?: boolean;
  max_hours_per_window?: number | null;
  hours_window_days?: number;
  auto_generate_enabled?: boolean;
  auto_generate_weeks?: number;
  require_end_of_shift_checks?: boolean;
  restrict_checkin_to_assigned?: boolean;
  enforce_evoc?: boolean;
  self_signup_positions?: ShiftPositionName[];
  excluded_membership_types?: string[];
  default_shift_hours?: number;
}

export interface ApparatusOption {
  id: string | null;
  name: string;
  unit_number: string | null;
  apparatus_type: string;
  source: string;
  positions: string[];
  min_staffing: number;
}

export interface ApparatusOptions {
  options: ApparatusOption[];
  source: 'apparatus' | 'basic' | 'default';
}
