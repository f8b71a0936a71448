/** Request and response bodies of /api/v1/auth (spa-contract §2.2). tsoa validates requests from these types. */

export interface CurrentUser {
  id: string;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  organization_id: string;
  /** The organization's IANA timezone. */
  timezone: string;
  /** Position slugs. */
  roles: string[];
  /** Position names, highest priority first. */
  positions: string[];
  rank: string | null;
  platoon: string | null;
  membership_type: string | null;
  permissions: string[];
  is_active: boolean;
  email_verified: boolean;
  mfa_enabled: boolean;
  mfa_enrollment_required: boolean;
  password_expired: boolean;
  must_change_password: boolean;
}

export interface LoginRequest {
  /**
   * Username or email.
   * @minLength 3
   * @maxLength 255
   */
  username: string;
  /**
   * @minLength 1
   * @maxLength 1024
   */
  password: string;
}

export interface LoginResponse {
  token_type: 'bearer';
  /** Seconds until the access token expires. */
  expires_in: number;
  user: CurrentUser;
}

export interface MfaChallenge {
  mfa_required: true;
  /** Valid for 5 minutes, once. */
  mfa_token: string;
}

export interface MfaLoginRequest {
  /** @maxLength 2048 */
  temp_token: string;
  /** @pattern ^\d{6}$ */
  code?: string;
  /**
   * @minLength 8
   * @maxLength 32
   */
  recovery_code?: string;
}

export interface RefreshResponse {
  token_type: 'bearer';
  expires_in: number;
}

export interface MessageResponse {
  message: string;
}

export interface SessionSettings {
  session_timeout_minutes: number;
  /** 0: passwords never expire by age (NIST SP 800-63B-4 advises against forced rotation). */
  password_max_age_days: number;
}

export interface ChangePasswordRequest {
  /**
   * @minLength 1
   * @maxLength 1024
   */
  current_password: string;
  /**
   * @minLength 1
   * @maxLength 1024
   */
  new_password: string;
}

export interface MfaStatus {
  mfa_enabled: boolean;
  recovery_codes_remaining: number;
}

export interface MfaSetupResponse {
  secret: string;
  /** otpauth:// URI for the QR code. */
  qr_code_url: string;
}

export interface MfaCodeRequest {
  /** @pattern ^\d{6}$ */
  code: string;
}

export interface RecoveryCodesResponse {
  recovery_codes: string[];
}

export interface MfaDisabledResponse {
  mfa_enabled: false;
}

export interface MfaPolicy {
  mfa_required: boolean;
}

/** The error shape every failure answers with (spa-contract §1.5). */
export interface AuthErrorBody {
  detail: string;
  code: string;
  status: number;
  request_id: string;
  details?: { retryAfter?: number };
}
