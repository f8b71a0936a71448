import type { TrainingTypeValue, Uuid } from './common.types';

export interface TrainingCourseView {
  id: string;
  organization_id: string;
  name: string;
  code: string | null;
  description: string | null;
  training_type: TrainingTypeValue;
  duration_hours: number | null;
  credit_hours: number | null;
  prerequisites: string[];
  expiration_months: number | null;
  instructor: string | null;
  max_participants: number | null;
  materials_required: string[];
  category_ids: string[];
  program_id: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface CourseFields {
  /** @maxLength 50 */
  code?: string | null;
  /** @maxLength 5000 */
  description?: string | null;
  /** @minimum 0 @maximum 10000 */
  duration_hours?: number | null;
  /** @minimum 0 @maximum 10000 */
  credit_hours?: number | null;
  /** Course ids of this organization. @maxItems 50 */
  prerequisites?: Uuid[];
  /** @isInt @minimum 1 @maximum 240 */
  expiration_months?: number | null;
  /** @maxLength 200 */
  instructor?: string | null;
  /** @isInt @minimum 1 @maximum 100000 */
  max_participants?: number | null;
  /** @maxItems 100 */
  materials_required?: string[];
  /** @maxItems 50 */
  category_ids?: Uuid[];
}

export interface CreateCourseRequest extends CourseFields {
  /** @minLength 1 @maxLength 200 */
  name: string;
  training_type: TrainingTypeValue;
}

export interface UpdateCourseRequest extends CourseFields {
  /** @minLength 1 @maxLength 200 */
  name?: string;
  training_type?: TrainingTypeValue;
  active?: boolean;
}
