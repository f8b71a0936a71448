import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ALLOWED_HEADERS = ['Content-Type', 'Authorization', 'X-CSRF-Token', 'X-Session-ID', 'X-Captcha-Token', 'X-Request-ID'];
const EXPOSED_HEADERS = ['X-Request-ID', 'X-CSRF-Token', 'Retry-After', 'X-MFA-Enrollment-Required', 'X-Password-Change-Required'].join(',');

export interface CorsAllowList {
  /** Answers an OPTIONS request (the `cors` package). */
  preflight: RequestHandler;
  /** Sets the headers every other request gets. */
  setHeaders(req: Request, res: Response): void;
}

/**
 * Credentialed CORS for the listed origins only; any other origin gets no CORS headers at all.
 * Preflights go through the `cors` package. Every other request needs only the same three headers,
 * fixed per origin, so they are set directly: the package's per-request option resolution and
 * header merging cost more than the rest of a small request's middleware together.
 */
export function corsAllowList(origins: readonly string[]): CorsAllowList {
  const allowed = new Set(origins);
  const preflight = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  const setHeaders = (req: Request, res: Response): void => {
    // The answer depends on Origin whether or not it is allowed, so shared caches must key on it.
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
  };
  return { preflight, setHeaders };
}
