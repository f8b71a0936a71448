import cors from 'cors';
import type { RequestHandler } from 'express';

/** Credentialed CORS for the listed origins only; any other origin gets no CORS headers at all. */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-CSRF-Token', 'X-Session-ID', 'X-Captcha-Token', 'X-Request-ID'],
    exposedHeaders: ['X-Request-ID', 'X-CSRF-Token', 'Retry-After', 'X-MFA-Enrollment-Required', 'X-Password-Change-Required'],
    maxAge: 600,
  });
}
