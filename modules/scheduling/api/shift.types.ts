/** Wire types of shifts and assignments (spa-contract §2.9 `ShiftRecord`, `Assignment`). */

export type ShiftPositionName = 'officer' | 'driver' | 'firefighter' | 'ems' | 'captain' | 'lieutenant' | 'probationary' | 'volunteer' | 'other';
export type AssignmentStatusName = 'assigned' | 'confirmed' | 'declined' | 'pending' | 'cancelled' | 'no_show';

export interface SeatEntry {
  /** @maxLength 20 */
  position: string;
  required?: boolean;
}

export interface SeatView {
  position: string;
  required: boolean;
}

export interface ShiftRecord {
  id: string;
  organization_id: string;
  shift_date: string;
  start_time: string;
  end_time: string | null;
  apparatus_id: string | null;
  apparatus_name: string | null;
  apparatus_unit_number: string | null;
  apparatus_type: string | null;
  platoon: string | null;
  positions: SeatView[];
  min_staffing: number | null;
  station_id: string | null;
  shift_officer_id: string | null;
  shift_officer_name: string | null;
  color: string | null;
  notes: string | null;
  activities: unknown[] | null;
  open_to_all_members: boolean;
  attendee_count: number;
  call_count: number;
  total_hours: number;
  is_finalized: boolean;
  finalized_at: string | null;
  finalized_by: string | null;
  status: 'scheduled' | 'cancelled';
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface RosterEntry {
  user_id: string;
  user_name: string;
  status: string;
}

export interface ShiftDetail extends ShiftRecord {
  attendees: AssignmentView[];
  platoon_roster: RosterEntry[];
  checkin_open: boolean;
  checkin_closed_reason: string | null;
}

export interface EmbeddedShift {
  id: string;
  shift_date: string;
  start_time: string;
  end_time: string;
  notes: string | null;
  apparatus_id: string | null;
  apparatus_name: string | null;
  apparatus_unit_number: string | null;
  shift_officer_id: string | null;
  color: string | null;
}

export interface AssignmentView {
  id: string;
  organization_id: string;
  shift_id: string;
  user_id: string;
  user_name: string | null;
  position: string;
  assignment_status: string;
  assigned_by: string | null;
  confirmed_at: string | null;
  notes: string | null;
  is_training: boolean;
  training_program_id: string | null;
  training_program_name: string | null;
  training_evaluator_id: string | null;
  training_evaluator_name: string | null;
  shift?: EmbeddedShift;
  /** Qualification rules a manager's assignment did not meet (self sign-up would have been refused). */
  evoc_warnings?: string[];
  created_at: string;
  updated_at: string;
}

export interface ShiftPage {
  shifts: ShiftRecord[];
  total: number;
  skip: number;
  limit: number;
}

export interface MyShift extends ShiftRecord {
  assignment: { id: string; position: string; status: string; confirmed_at: string | null } | null;
  attendance: null;
}

export interface MyShiftPage {
  shifts: MyShift[];
  total: number;
  skip: number;
  limit: number;
}

export interface CreateShiftRequest {
  /** Organization-local date the shift starts on (YYYY-MM-DD). */
  shift_date: string;
  /** UTC instant (ISO 8601). */
  start_time: string;
  /** UTC instant after start_time; defaults to start + the `default_shift_hours` setting. */
  end_time?: string | null;
  apparatus_id?: string | null;
  station_id?: string | null;
  shift_officer_id?: string | null;
  /** @maxLength 20 */
  color?: string | null;
  /** @maxLength 20 */
  platoon?: string | null;
  /** Seat list: position names or `{position, required}`. @maxItems 50 */
  positions?: Array<string | SeatEntry> | null;
  /**
   * @isInt
   * @minimum 0
   * @maximum 100
   */
  min_staffing?: number | null;
  /** @maxLength 5000 */
  notes?: string | null;
  /** @maxItems 50 */
  activities?: unknown[] | null;
  open_to_all_members?: boolean;
  template_id?: string | null;
}

export type UpdateShiftRequest = Partial<CreateShiftRequest>;

export interface CancelShiftRequest {
  /** @maxLength 500 */
  reason?: string | null;
}

export interface CreateAssignmentRequest {
  user_id: string;
  position?: ShiftPositionName;
  /** @maxLength 2000 */
  notes?: string | null;
  is_training?: boolean;
  training_program_id?: string | null;
  training_evaluator_id?: string | null;
}

export interface UpdateAssignmentRequest {
  position?: ShiftPositionName;
  assignment_status?: AssignmentStatusName;
  /** @maxLength 2000 */
  notes?: string | null;
  is_training?: boolean;
  training_program_id?: string | null;
  training_evaluator_id?: string | null;
}

export interface SignupRequest {
  position?: ShiftPositionName;
}

export interface UnavailableMembers {
  unavailable_user_ids: string[];
}

export interface PositionRefusalView {
  position: string;
  code: string;
  message: string;
}

export interface EligiblePositions {
  positions: string[];
  is_excluded: boolean;
  /** Why each refused position was refused (the same code and sentence a sign-up would get). */
  refused: PositionRefusalView[];
}
