import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../http/errors';
import { ACCESS_COOKIE, CSRF_COOKIE, readCookies } from './cookies';
import { safeEqual } from './token-hash';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF check for unsafe methods under /api/v1 (spa-contract §1.2, as upstream):
 * - `csrf_token` cookie present: the `X-CSRF-Token` header must equal it (else 403 LB-AUTH-009);
 * - no csrf cookie but an `access_token` cookie: 403 LB-AUTH-008 (a cookie session without its token);
 * - no cookies at all (Bearer scripts, a first login): allowed — a cross-site form cannot add a
 *   Bearer header, and SameSite=Strict keeps our cookies off cross-site requests anyway;
 * - paths containing /onboarding/ are exempt: the wizard carries its own token (X-Session-ID flow).
 */
export function csrfProtection() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!UNSAFE.has(req.method) || req.originalUrl.includes('/onboarding/')) { next(); return; }
    const cookies = readCookies(req);
    const cookieToken = cookies[CSRF_COOKIE];
    if (cookieToken) {
      const header = req.get('x-csrf-token');
      if (!header || !safeEqual(header, cookieToken)) { next(new ForbiddenError('Invalid CSRF token', 'LB-AUTH-009')); return; }
    } else if (cookies[ACCESS_COOKIE]) {
      next(new ForbiddenError('CSRF token missing', 'LB-AUTH-008'));
      return;
    }
    next();
  };
}
