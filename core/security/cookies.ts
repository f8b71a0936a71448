import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../config';

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const CSRF_COOKIE = 'csrf_token';
/** spa-contract §1.2: the refresh cookie is only ever sent to the auth routes. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth/';

/** The request's cookies, without a parser middleware (only the few names we read matter). */
export function readCookies(req: Request): Record<string, string> {
  const header = req.headers.cookie;
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try { value = decodeURIComponent(value); } catch { /* keep the raw value */ }
    if (!(name in out)) out[name] = value;
  }
  return out;
}

/**
 * `Secure` always, except in development/test when an allowed origin is plain http (a local SPA
 * on http://localhost:3000 could not keep a Secure cookie). Production always sends Secure.
 */
export function cookiesSecure(config: Pick<Config, 'environment' | 'allowedOrigins'>): boolean {
  if (config.environment === 'production' || config.environment === 'staging') return true;
  return !config.allowedOrigins.some((o) => o.startsWith('http://'));
}

export interface AuthCookieValues {
  accessToken: string;
  accessMaxAgeMs: number;
  refreshToken: string;
  refreshMaxAgeMs: number;
  csrfToken: string;
}

/** Sets the three cookies of spa-contract §1.2, all SameSite=Strict. */
export function setAuthCookies(res: Response, secure: boolean, values: AuthCookieValues): void {
  const base: CookieOptions = { sameSite: 'strict', secure };
  res.cookie(ACCESS_COOKIE, values.accessToken, { ...base, httpOnly: true, path: '/', maxAge: values.accessMaxAgeMs });
  res.cookie(REFRESH_COOKIE, values.refreshToken, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH, maxAge: values.refreshMaxAgeMs });
  // Readable by the SPA, which echoes it in X-CSRF-Token (double submit); lives as long as the refresh cookie.
  res.cookie(CSRF_COOKIE, values.csrfToken, { ...base, httpOnly: false, path: '/', maxAge: values.refreshMaxAgeMs });
}

export function clearAuthCookies(res: Response, secure: boolean): void {
  const base: CookieOptions = { sameSite: 'strict', secure };
  res.clearCookie(ACCESS_COOKIE, { ...base, httpOnly: true, path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH });
  res.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false, path: '/' });
}
