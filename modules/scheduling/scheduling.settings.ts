import Joi from 'joi';
import { SHIFT_POSITIONS, type ShiftPosition } from './models/assignment.model';

/** The module's settings in `module_config.settings` (spa-contract §2.9 `GET /scheduling/settings`, plus our own rules). */
export interface SchedulingSettings {
  platoons_enabled: boolean;
  max_hours_per_window: number | null;
  hours_window_days: number;
  auto_generate_enabled: boolean;
  auto_generate_weeks: number;
  require_end_of_shift_checks: boolean;
  restrict_checkin_to_assigned: boolean;
  enforce_evoc: boolean;
  /** Positions any eligible member may take by self sign-up when no qualification provider knows them. */
  self_signup_positions: ShiftPosition[];
  /** Membership types that may not sign themselves up (original: administrative, retired, honorary, prospective). */
  excluded_membership_types: string[];
  /** Length of a shift created without an end time. */
  default_shift_hours: number;
}

const position = Joi.string().valid(...SHIFT_POSITIONS);

export const schedulingSettingsSchema = Joi.object<SchedulingSettings>({
  platoons_enabled: Joi.boolean().default(false),
  max_hours_per_window: Joi.number().integer().min(1).max(2000).allow(null).default(null),
  hours_window_days: Joi.number().integer().min(1).max(366).default(7),
  auto_generate_enabled: Joi.boolean().default(true),
  auto_generate_weeks: Joi.number().integer().min(1).max(52).default(4),
  require_end_of_shift_checks: Joi.boolean().default(false),
  restrict_checkin_to_assigned: Joi.boolean().default(true),
  enforce_evoc: Joi.boolean().default(true),
  self_signup_positions: Joi.array().items(position).unique().default(['firefighter', 'ems', 'probationary', 'volunteer', 'other']),
  excluded_membership_types: Joi.array().items(Joi.string().valid('prospective', 'probationary', 'active', 'life', 'retired', 'honorary', 'administrative')).unique()
    .default(['administrative', 'retired', 'honorary', 'prospective']),
  default_shift_hours: Joi.number().min(1).max(72).default(12),
});
