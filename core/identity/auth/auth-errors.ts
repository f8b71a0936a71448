import { AppError, ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../../http/errors';

/**
 * The auth failures and their stable codes (the SPA shows `detail` and the code). Login failures
 * are deliberately vague: unknown user and wrong password give the same answer.
 */
export const authErrors = {
  invalidCredentials: () => new UnauthorizedError('Incorrect username or password', 'LB-AUTH-002'),
  sessionEnded: () => new UnauthorizedError('Session expired; please sign in again', 'LB-AUTH-005'),
  inactive: () => new ForbiddenError('This account is not active; contact your department administrator', 'LB-AUTH-006'),
  lockedOut: (retryAfterSeconds: number) => new TooManyRequestsError(retryAfterSeconds, 'Too many failed sign-in attempts; try again later', 'LB-AUTH-007'),
  throttled: (retryAfterSeconds: number) => new TooManyRequestsError(retryAfterSeconds, 'Too many sign-in attempts; try again later', 'LB-RATE-001'),
  wrongCurrentPassword: () => new AppError(400, 'LB-AUTH-010', 'Current password is incorrect'),
  // 400, not 401: a 401 makes the SPA refresh and reload to /login, losing the message (spa-contract §1.4).
  invalidMfaCode: () => new AppError(400, 'LB-AUTH-011', 'Invalid or already used verification code'),
  mfaEnrollmentRequired: () => new ForbiddenError('Your department requires two-factor authentication; set it up to continue', 'LB-AUTH-012', { 'X-MFA-Enrollment-Required': 'true' }),
  passwordChangeRequired: () => new ForbiddenError('You must change your password to continue', 'LB-AUTH-013', { 'X-Password-Change-Required': 'true' }),
  mfaState: (detail: string) => new AppError(400, 'LB-AUTH-014', detail),
  invalidRefresh: () => new UnauthorizedError('Invalid or expired refresh token', 'LB-AUTH-015'),
} as const;
