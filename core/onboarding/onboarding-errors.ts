import { AppError, ForbiddenError, UnauthorizedError } from '../http/errors';

/** The wizard's refusals; the onboarding client shows `detail` for 400/409/422 and fixed text for 403. */
export const onboardingErrors = {
  sessionMissing: () => new UnauthorizedError('Onboarding session required (X-Session-ID); start onboarding again', 'LB-ONB-001'),
  sessionInvalid: () => new UnauthorizedError('Onboarding session expired or unknown; start onboarding again', 'LB-ONB-002'),
  csrfInvalid: () => new ForbiddenError('Invalid or missing onboarding CSRF token', 'LB-ONB-003'),
  completed: () => new AppError(400, 'LB-ONB-004', 'Onboarding has already been completed'),
  // A lost session must not be re-created once the department exists: whoever holds the
  // original session is the only one who may continue (upstream behaviour).
  organizationExists: () => new ForbiddenError('An organization already exists; onboarding cannot be restarted', 'LB-ONB-005'),
  stepOrder: (detail: string) => new AppError(409, 'LB-ONB-006', detail),
  concurrentStart: () => new AppError(409, 'LB-ONB-007', 'Onboarding is being started by another request; try again'),
} as const;
