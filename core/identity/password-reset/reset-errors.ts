import { AppError, TooManyRequestsError } from '../../http/errors';

export const resetErrors = {
  // One answer for unknown, used and expired tokens: which one it was helps nobody but a guesser.
  invalidToken: () => new AppError(400, 'LB-AUTH-016', 'This password reset link is invalid or has expired'),
  throttled: (retryAfterSeconds: number) => new TooManyRequestsError(retryAfterSeconds, 'Too many password reset requests; try again later', 'LB-RATE-002'),
  memberNotActive: () => new AppError(400, 'LB-AUTH-017', 'This member cannot sign in (not active); change the status first'),
} as const;
