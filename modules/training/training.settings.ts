import Joi from 'joi';

/** The member-facing sections of MyTrainingPage (spa-contract §2.8); a missing flag hides its section. */
export interface TrainingVisibility {
  show_training_history: boolean;
  show_training_hours: boolean;
  show_certification_status: boolean;
  show_pipeline_progress: boolean;
  show_requirement_details: boolean;
  show_shift_reports: boolean;
  show_shift_stats: boolean;
  show_submission_history: boolean;
  show_officer_narrative: boolean;
  show_performance_rating: boolean;
  show_areas_of_strength: boolean;
  show_areas_for_improvement: boolean;
  show_skills_observed: boolean;
  allow_member_report_export: boolean;
  report_review_required: boolean;
  report_review_role: string;
  rating_label: string;
  rating_scale_type: string;
}

/** Which shift position (seat) needs which current certification: by course, or by a certification requirement. */
export interface PositionQualificationRule {
  position: string;
  /** Shown to members: "holds no current EVOC certification". */
  label: string;
  course_ids?: string[];
  requirement_id?: string;
}

export interface AlertRecipients {
  training_officer_positions: string[];
  compliance_officer_positions: string[];
  chief_positions: string[];
}

export interface TrainingSettings {
  visibility: TrainingVisibility;
  shift_reports_enabled: boolean;
  /** Certifications expiring within this many days count as "expiring soon" (status light, summaries). */
  expiring_soon_days: number;
  alert_recipients: AlertRecipients;
  position_qualifications: PositionQualificationRule[];
}

const flag = (value: boolean) => Joi.boolean().default(value);
const slugs = (defaults: string[]) => Joi.array().items(Joi.string().max(100)).max(50).default(defaults);

const visibility = Joi.object({
  show_training_history: flag(true),
  show_training_hours: flag(true),
  show_certification_status: flag(true),
  show_pipeline_progress: flag(true),
  show_requirement_details: flag(true),
  show_shift_reports: flag(true),
  show_shift_stats: flag(true),
  show_submission_history: flag(true),
  show_officer_narrative: flag(false),
  show_performance_rating: flag(true),
  show_areas_of_strength: flag(true),
  show_areas_for_improvement: flag(true),
  show_skills_observed: flag(true),
  allow_member_report_export: flag(false),
  report_review_required: flag(false),
  report_review_role: Joi.string().max(100).default('training_officer'),
  rating_label: Joi.string().max(100).default('Performance Rating'),
  rating_scale_type: Joi.string().valid('stars', 'numeric', 'descriptive').default('stars'),
}).default();

/** `module_config.settings` of the training module, validated when loaded and when an admin edits it. */
export const trainingSettingsSchema = Joi.object({
  visibility,
  shift_reports_enabled: flag(true),
  expiring_soon_days: Joi.number().integer().min(1).max(365).default(90),
  alert_recipients: Joi.object({
    training_officer_positions: slugs(['training_officer']),
    compliance_officer_positions: slugs(['safety_officer']),
    chief_positions: slugs(['fire_chief', 'deputy_chief', 'assistant_chief']),
  }).default(),
  position_qualifications: Joi.array().items(Joi.object({
    position: Joi.string().min(1).max(50).required(),
    label: Joi.string().min(1).max(100).required(),
    course_ids: Joi.array().items(Joi.string().guid()).min(1).max(50),
    requirement_id: Joi.string().guid(),
  }).xor('course_ids', 'requirement_id')).max(100).default([]),
});
