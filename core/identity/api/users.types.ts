import type { MembershipType, UserStatus } from '../models/user.model';

/**
 * Bodies of /api/v1/users (spa-contract §2.3). tsoa validates requests from these types and
 * refuses extra properties, so `organization_id`, `permissions`, `password_hash`, `status` on
 * create and the like can never be mass-assigned.
 */

export interface EmergencyContact {
  /** @maxLength 200 */
  name: string;
  /** @maxLength 100 */
  relationship: string;
  /** @maxLength 50 */
  phone: string;
  /** @maxLength 255 */
  email?: string | null;
  is_primary: boolean;
}

export interface NotificationPreferences {
  email_notifications?: boolean;
  sms_notifications?: boolean;
  event_reminders?: boolean;
  training_reminders?: boolean;
}

/** A role as embedded in a member (no organization, no timestamps). */
export interface EmbeddedRole {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  permissions: string[];
  is_system: boolean;
  priority: number;
}

/** A list row. Contact fields are null unless the organization shows them (or the caller may see them). */
export interface UserRow {
  id: string;
  organization_id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  full_name: string | null;
  membership_number: string | null;
  phone: string | null;
  mobile: string | null;
  photo_url: string | null;
  status: UserStatus;
  membership_type: MembershipType | null;
  compliance_exempt: boolean;
  hire_date: string | null;
  rank: string | null;
  station: string | null;
  platoon: string | null;
}

/** Personal fields are null unless the caller is the member or may edit members. */
export interface UserWithRoles extends UserRow {
  personal_email: string | null;
  date_of_birth: string | null;
  address_street: string | null;
  address_city: string | null;
  address_state: string | null;
  address_zip: string | null;
  address_country: string | null;
  emergency_contacts: EmergencyContact[];
  mfa_enabled: boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  roles: EmbeddedRole[];
}

export interface UserProfile extends UserWithRoles {
  notification_preferences: NotificationPreferences | null;
}

export interface CreatedUser extends UserWithRoles {
  /** Shown once, when the server generated the password; the member must change it at first sign-in. */
  temporary_password?: string;
  /** Present when `send_welcome_email` was asked: whether the mail with the password-set link went out. */
  welcome_email_sent?: boolean;
}

export interface ContactInfoSettings {
  enabled: boolean;
  show_email: boolean;
  show_phone: boolean;
  show_mobile: boolean;
}

/** Fields an administrator sets on a member's record. */
export interface ProfileFields {
  /** @maxLength 100 */
  first_name?: string;
  /** @maxLength 100 */
  middle_name?: string | null;
  /** @maxLength 100 */
  last_name?: string;
  /** @maxLength 50 */
  membership_number?: string | null;
  /** @maxLength 50 */
  phone?: string | null;
  /** @maxLength 50 */
  mobile?: string | null;
  /** @maxLength 255 */
  personal_email?: string | null;
  /** @pattern ^\d{4}-\d{2}-\d{2}$ */
  date_of_birth?: string | null;
  /** @pattern ^\d{4}-\d{2}-\d{2}$ */
  hire_date?: string | null;
  /** @maxLength 100 */
  rank?: string | null;
  /** @maxLength 100 */
  station?: string | null;
  /** @maxLength 50 */
  platoon?: string | null;
  /** @maxLength 255 */
  address_street?: string | null;
  /** @maxLength 100 */
  address_city?: string | null;
  /** @maxLength 100 */
  address_state?: string | null;
  /** @maxLength 20 */
  address_zip?: string | null;
  /** @maxLength 100 */
  address_country?: string | null;
  /** @maxItems 10 */
  emergency_contacts?: EmergencyContact[];
}

export interface CreateUserRequest extends ProfileFields {
  /**
   * @minLength 3
   * @maxLength 100
   * @pattern ^[A-Za-z0-9._@-]+$
   */
  username: string;
  /**
   * @maxLength 255
   * @pattern ^[^@\s]+@[^@\s]+\.[^@\s]+$
   */
  email: string;
  /** @maxLength 100 */
  first_name: string;
  /** @maxLength 100 */
  last_name: string;
  /**
   * Omit to have a temporary one generated (returned once), unless a welcome mail is sent.
   * @maxLength 1024
   */
  password?: string;
  /** @maxItems 50 */
  role_ids?: string[];
  /**
   * Mails the member a one-time link (24 hours) to choose their password, never a password; with
   * mail configured no temporary password is generated. Without mail configured, the temporary
   * password is returned as usual and `welcome_email_sent` is false.
   */
  send_welcome_email?: boolean;
}

/** A partial profile; `status` and `membership_type` need members.manage. */
export interface UpdateProfileRequest extends ProfileFields {
  status?: UserStatus;
  membership_type?: MembershipType;
  compliance_exempt?: boolean;
}

export interface UpdateContactInfoRequest {
  /**
   * @maxLength 255
   * @pattern ^[^@\s]+@[^@\s]+\.[^@\s]+$
   */
  email?: string;
  /** @maxLength 50 */
  phone?: string | null;
  /** @maxLength 50 */
  mobile?: string | null;
  notification_preferences?: NotificationPreferences;
}

export interface SetRolesRequest {
  /** @maxItems 50 */
  role_ids: string[];
}

export interface UserRoles {
  user_id: string;
  username: string;
  full_name: string | null;
  roles: EmbeddedRole[];
}

export interface DeletionImpact {
  user_id: string;
  full_name: string | null;
  status: UserStatus;
  training_records: number;
  inventory_items: number;
  documents: number;
  total_records: number;
}
