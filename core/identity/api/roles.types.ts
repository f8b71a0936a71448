/** Bodies of /api/v1/roles (spa-contract §2.4). tsoa validates requests from these types; extra properties are 422. */

export interface PermissionInfo {
  name: string;
  description: string;
  category: string;
}

export interface PermissionGroup {
  category: string;
  permissions: PermissionInfo[];
}

export interface Role {
  id: string;
  organization_id: string;
  name: string;
  /** e.g. `it_manager`; made by the server from the name. */
  slug: string;
  description: string | null;
  permissions: string[];
  is_system: boolean;
  /** 0-100, higher first. */
  priority: number;
  created_at: string;
  updated_at: string;
}

export interface RoleWithCount extends Role {
  user_count: number;
}

export interface CreateRoleRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  name: string;
  /** @maxLength 2000 */
  description?: string | null;
  /** @maxItems 500 */
  permissions: string[];
  /**
   * @isInt
   * @minimum 0
   * @maximum 100
   */
  priority?: number;
}

export interface UpdateRoleRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  name?: string;
  /** @maxLength 2000 */
  description?: string | null;
  /** @maxItems 500 */
  permissions?: string[];
  /**
   * @isInt
   * @minimum 0
   * @maximum 100
   */
  priority?: number;
}
