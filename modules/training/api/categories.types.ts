import type { Uuid } from './common.types';

export interface TrainingCategoryView {
  id: string;
  organization_id: string;
  name: string;
  code: string | null;
  description: string | null;
  color: string | null;
  parent_category_id: string | null;
  sort_order: number;
  icon: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface CategoryFields {
  /** @maxLength 50 */
  code?: string | null;
  /** @maxLength 2000 */
  description?: string | null;
  /** A CSS colour such as #d32f2f. @pattern ^#[0-9a-fA-F]{3,8}$ */
  color?: string | null;
  parent_category_id?: Uuid | null;
  /** @isInt @minimum 0 @maximum 100000 */
  sort_order?: number;
  /** @maxLength 50 */
  icon?: string | null;
}

export interface CreateCategoryRequest extends CategoryFields {
  /** @minLength 1 @maxLength 100 */
  name: string;
}

export interface UpdateCategoryRequest extends CategoryFields {
  /** @minLength 1 @maxLength 100 */
  name?: string;
  active?: boolean;
}
