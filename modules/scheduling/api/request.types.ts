export type RequestStatusName = 'pending' | 'approved' | 'denied' | 'cancelled';

export interface SwapView {
  id: string;
  organization_id: string;
  requesting_user_id: string;
  requesting_user_name: string | null;
  target_user_id: string | null;
  target_user_name: string | null;
  offering_shift_id: string;
  offering_shift_date: string | null;
  offering_shift_start_time: string | null;
  requesting_shift_id: string | null;
  requesting_shift_date: string | null;
  requesting_shift_start_time: string | null;
  status: RequestStatusName;
  reason: string | null;
  reviewed_by: string | null;
  reviewer_notes: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SwapPage {
  items: SwapView[];
  total: number;
  skip: number;
  limit: number;
}

export interface CreateSwapRequest {
  /** The shift whose seat the caller gives up. */
  offering_shift_id: string;
  /** Two-way swap: the target's shift the caller takes in exchange. */
  requesting_shift_id?: string | null;
  /** Who takes the caller's seat. */
  target_user_id?: string | null;
  /** @maxLength 1000 */
  reason?: string | null;
}

export interface ReviewRequest {
  status: 'approved' | 'denied' | 'cancelled';
  /** @maxLength 1000 */
  reviewer_notes?: string | null;
}

export interface TimeOffView {
  id: string;
  organization_id: string;
  user_id: string;
  user_name: string | null;
  start_date: string;
  end_date: string;
  status: RequestStatusName;
  reason: string | null;
  reviewer_notes: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
  /** On approval: how many of the member's assignments it cancelled. */
  cancelled_assignments?: number;
}

export interface TimeOffPage {
  items: TimeOffView[];
  total: number;
  skip: number;
  limit: number;
}

export interface CreateTimeOffRequest {
  start_date: string;
  end_date: string;
  /** @maxLength 1000 */
  reason?: string | null;
}
