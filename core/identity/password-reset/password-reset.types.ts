/** spa-contract §2.2: forgot / validate / reset password. */

export interface ForgotPasswordRequest {
  /** @maxLength 255 */
  email: string;
}

export interface ValidateResetTokenRequest {
  /** @maxLength 256 */
  token: string;
}

export interface ValidateResetTokenResponse {
  valid: true;
}

export interface ResetPasswordRequest {
  /** @maxLength 256 */
  token: string;
  /** @maxLength 1024 */
  new_password: string;
}

export interface ResetMessageResponse {
  message: string;
}
