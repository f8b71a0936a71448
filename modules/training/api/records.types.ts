import type { DateString, TrainingStatusValue, TrainingTypeValue, Uuid } from './common.types';

export interface AttachmentView {
  index: number;
  file_name: string;
  file_type: string;
  file_size: number;
  uploaded_at: string;
}

export interface TrainingRecordView {
  id: string;
  organization_id: string;
  user_id: string;
  course_id: string | null;
  category_id: string | null;
  course_name: string;
  course_code: string | null;
  training_type: TrainingTypeValue;
  scheduled_date: string | null;
  completion_date: string | null;
  expiration_date: string | null;
  hours_completed: number;
  credit_hours: number | null;
  certification_number: string | null;
  issuing_agency: string | null;
  status: TrainingStatusValue;
  score: number | null;
  passing_score: number | null;
  passed: boolean | null;
  instructor: string | null;
  location: string | null;
  location_id: string | null;
  apparatus_id: string | null;
  notes: string | null;
  attachments: AttachmentView[];
  rank_at_completion: string | null;
  station_at_completion: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface AttachmentInput {
  /** @isInt @minimum 0 @maximum 1000 */
  index: number;
  /** @minLength 1 @maxLength 255 */
  file_name: string;
  /** @maxLength 100 */
  file_type: string;
  /** @isInt @minimum 0 */
  file_size: number;
  /** @maxLength 40 */
  uploaded_at: string;
}

export interface RecordFields {
  category_id?: Uuid | null;
  /** @maxLength 50 */
  course_code?: string | null;
  scheduled_date?: DateString | null;
  completion_date?: DateString | null;
  /** When absent for a completed record of a course with expiration_months, derived from the completion date. */
  expiration_date?: DateString | null;
  /** @minimum 0 @maximum 10000 */
  hours_completed?: number;
  /** @minimum 0 @maximum 10000 */
  credit_hours?: number | null;
  /** @maxLength 100 */
  certification_number?: string | null;
  /** @maxLength 200 */
  issuing_agency?: string | null;
  status?: TrainingStatusValue;
  /** @minimum 0 @maximum 1000 */
  score?: number | null;
  /** @minimum 0 @maximum 1000 */
  passing_score?: number | null;
  passed?: boolean | null;
  /** @maxLength 200 */
  instructor?: string | null;
  /** @maxLength 200 */
  location?: string | null;
  location_id?: Uuid | null;
  apparatus_id?: Uuid | null;
  /** @maxLength 5000 */
  notes?: string | null;
  /** @maxItems 50 */
  attachments?: AttachmentInput[];
  /** @maxLength 100 */
  rank_at_completion?: string | null;
  /** @maxLength 100 */
  station_at_completion?: string | null;
}

export interface CreateRecordRequest extends RecordFields {
  user_id: Uuid;
  course_id?: Uuid | null;
  /** Required without course_id; defaults to the course's name. @minLength 1 @maxLength 200 */
  course_name?: string;
  /** Defaults to the course's type. */
  training_type?: TrainingTypeValue;
}

export interface UpdateRecordRequest extends RecordFields {
  /** @minLength 1 @maxLength 200 */
  course_name?: string;
  training_type?: TrainingTypeValue;
}
