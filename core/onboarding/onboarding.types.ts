/** Request and response bodies of the onboarding wizard, exactly as the SPA sends them (spa-contract §2.6). */

export type OnboardingStep = 'organization' | 'stations' | 'apparatus' | 'department' | 'email' | 'file_storage' | 'auth' | 'system_owner' | 'it_team' | 'positions' | 'modules';

export interface OnboardingStatusResponse {
  needs_onboarding: boolean;
  is_completed: boolean;
  current_step: number;
  total_steps: number;
  steps_completed: string[];
  organization_name: string | null;
}

export interface StartResponse {
  session_id: string;
  /** ISO-8601 UTC */
  expires_at: string;
  csrf_token: string;
  message: string;
  current_step: number;
  steps: string[];
}

export interface MailingAddress {
  /** @maxLength 255 */
  line1: string;
  /** @maxLength 255 */
  line2?: string | null;
  /** @maxLength 100 */
  city: string;
  /** @maxLength 100 */
  state: string;
  /** @maxLength 20 */
  zip_code: string;
  /** @maxLength 100 */
  country?: string | null;
}

export interface OrganizationStepRequest {
  /** @minLength 2 @maxLength 255 */
  name: string;
  organization_type: 'fire_department' | 'ems_only' | 'fire_ems_combined';
  /** An IANA zone such as America/Chicago. @maxLength 64 */
  timezone: string;
  /** @maxLength 50 */
  phone?: string | null;
  /** @maxLength 50 */
  fax?: string | null;
  /** @maxLength 255 */
  email?: string | null;
  /** @maxLength 255 */
  website?: string | null;
  mailing_address: MailingAddress;
  physical_address_same: boolean;
  physical_address?: MailingAddress | null;
  identifier_type: 'fdid' | 'state_id' | 'department_id';
  /** @maxLength 50 */
  fdid?: string | null;
  /** @maxLength 50 */
  state_id?: string | null;
  /** @maxLength 50 */
  department_id?: string | null;
  /** @maxLength 100 */
  county?: string | null;
  /** @isInt @minimum 1600 @maximum 2100 */
  founded_year?: number | null;
  /** A data URL (png, jpeg, webp, gif). */
  logo?: string | null;
}

export interface OrganizationStepResponse {
  id: string;
  name: string;
  slug: string;
  organization_type: string;
  timezone: string;
  active: boolean;
  created_at: string;
}

export interface StationInput {
  /** @minLength 1 @maxLength 200 */
  name: string;
  station_number?: string | null;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface StationsStepRequest {
  /** @maxItems 50 */
  stations: StationInput[];
}

export interface ApparatusInput {
  /** @minLength 1 @maxLength 50 */
  unit_number: string;
  name?: string | null;
  /** @minLength 1 @maxLength 100 */
  apparatus_type: string;
  /** @isInt @minimum 1 @maximum 20 */
  min_staffing: number;
  positions: string[];
}

export interface ApparatusStepRequest {
  /** @maxItems 200 */
  apparatus: ApparatusInput[];
}

export interface DepartmentStepRequest {
  /** @minLength 3 @maxLength 255 */
  name: string;
  logo?: string | null;
  navigation_layout: 'top' | 'left';
}

export interface PlatformStepRequest {
  /** @minLength 1 @maxLength 50 */
  platform: string;
  /** Provider settings in the SPA's camelCase; secrets inside are stored encrypted. */
  config?: { [key: string]: unknown };
}

export interface AuthStepRequest {
  platform: 'google' | 'microsoft' | 'authentik' | 'local';
}

export interface SystemOwnerRequest {
  /** @minLength 3 @maxLength 100 @pattern ^[A-Za-z0-9_-]+$ */
  username: string;
  /** @maxLength 255 */
  email: string;
  /** @minLength 12 @maxLength 1024 */
  password: string;
  /** @maxLength 1024 */
  password_confirm: string;
  /** @minLength 1 @maxLength 100 */
  first_name: string;
  /** @minLength 1 @maxLength 100 */
  last_name: string;
  /** @maxLength 50 */
  membership_number?: string | null;
}

export interface SystemOwnerResponse {
  id: string;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  membership_number: string | null;
  status: string;
  authenticated: true;
}

export interface ItTeamMember {
  name: string;
  email: string;
  phone: string;
  role: string;
}

export interface ItTeamStepRequest {
  /** @maxItems 50 */
  it_team: ItTeamMember[];
  backup_access: { email: string; phone: string; secondary_admin_email?: string | null };
}

export interface PositionInput {
  /** A slug such as it_manager. @minLength 1 @maxLength 100 @pattern ^[a-z0-9_-]+$ */
  id: string;
  /** @minLength 1 @maxLength 100 */
  name: string;
  description?: string | null;
  /** @isInt */
  priority?: number | null;
  permissions: { [module: string]: { view?: boolean; manage?: boolean } };
  is_custom?: boolean;
}

export interface PositionsStepRequest {
  /** @minItems 1 @maxItems 200 */
  positions: PositionInput[];
}

export interface PositionsStepResponse {
  success: boolean;
  message: string;
  created: string[];
  updated: string[];
  total_positions: number;
}

export interface ModulesStepRequest {
  /** @maxItems 100 */
  modules: string[];
}

export interface StepResponse {
  success: boolean;
  message: string;
  step: string;
}

export interface CompleteResponse {
  message: string;
  organization: { id: string; name: string; slug: string };
  admin_user: { id: string; username: string; email: string } | null;
  completed_at: string;
  next_steps: string[];
}

export interface OnboardingMessage {
  message: string;
}

/** `POST /onboarding/test/email`: the email step's body, tested without being saved. */
export type EmailTestRequest = PlatformStepRequest;

export interface EmailTestResponse {
  success: boolean;
  /** What to show the person running the wizard; never a server reply, an address or a secret. */
  message: string;
  details?: { host: string; port: number; encryption: 'none' | 'tls' | 'ssl'; recipient: string };
}
