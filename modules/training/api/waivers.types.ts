import type { DateString, Uuid, WaiverTypeValue } from './common.types';

export interface TrainingWaiverView {
  id: string;
  organization_id: string;
  user_id: string;
  waiver_type: WaiverTypeValue;
  reason: string | null;
  start_date: string;
  end_date: string | null;
  requirement_ids: string[] | null;
  active: boolean;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface CreateWaiverRequest {
  user_id: Uuid;
  waiver_type: WaiverTypeValue;
  /** @maxLength 2000 */
  reason?: string | null;
  start_date: DateString;
  /** Absent or null: open-ended. */
  end_date?: DateString | null;
  /** Absent or null: every requirement. @maxItems 100 */
  requirement_ids?: Uuid[] | null;
}
