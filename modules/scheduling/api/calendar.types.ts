export interface ScheduleSummary {
  /** Scheduled (not cancelled) shifts of the organization from today on. */
  shifts_scheduled: number;
  /** Scheduled shifts of the organization in the current Sunday-start week. */
  shifts_scheduled_this_week: number;
  /** Scheduled shifts of the organization in the current month. */
  shifts_scheduled_this_month: number;
  /** The caller's hours on shifts of this month that have ended. */
  hours_worked_this_month: number;
}
