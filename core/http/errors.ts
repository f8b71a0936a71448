/**
 * The errors the API answers with. Every one becomes `{detail, code, status, request_id}` in the
 * error handler (spa-contract §1.5); codes are stable `LB-<AREA>-NNN` strings that support staff
 * and the SPA can key on.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | FieldProblem[],
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra data the SPA reads (e.g. `details.retryAfter` on 429). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(typeof detail === 'string' ? detail : 'Validation failed');
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, code = 'LB-HTTP-001') { super(400, code, detail); }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Not authenticated', code = 'LB-AUTH-001') { super(401, code, detail); }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Permission denied', code = 'LB-AUTH-003', headers: Record<string, string> = {}) { super(403, code, detail, headers); }
}

export class NotFoundError extends AppError {
  constructor(detail = 'Not found', code = 'LB-HTTP-004') { super(404, code, detail); }
}

export class ConflictError extends AppError {
  constructor(detail: string, code = 'LB-HTTP-009') { super(409, code, detail); }
}

export class ValidationError extends AppError {
  constructor(problems: FieldProblem[], code = 'LB-VAL-001') { super(422, code, problems); }
}

export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number, detail = 'Too many requests; try again later', code = 'LB-RATE-001') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, code, detail, { 'Retry-After': String(seconds) }, { retryAfter: seconds });
  }
}

export type Dependency = 'database' | 'redis';

/** A dependency we cannot reach right now: 503 with Retry-After, so clients retry instead of giving up. */
export class DependencyUnavailableError extends AppError {
  constructor(readonly dependency: Dependency, retryAfterSeconds = 5) {
    super(503, dependency === 'database' ? 'LB-SYS-002' : 'LB-SYS-003',
      `Service temporarily unavailable (${dependency === 'database' ? 'database' : 'cache'}); please retry shortly`,
      { 'Retry-After': String(retryAfterSeconds) });
  }
}
