import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';
import { assignRequestId } from './request-id';
import { accessLogger, forwardedIp, socketIp } from './access-log';
import { corsAllowList } from './cors';
import { setApiSecurityHeaders } from './security-headers';
import { jsonBody } from './json-body';

export interface EdgeOptions {
  logger: Logger;
  allowedOrigins: readonly string[];
  /** True when TRUSTED_PROXY_IPS is set: the logged client address then honours X-Forwarded-For. */
  behindProxies: boolean;
  /** Paths (and everything below them) whose answers carry the JSON-API security headers. */
  apiPaths: readonly string[];
  maxBodyBytes: number;
  maxJsonDepth: number;
}

/**
 * As express matches `app.use(prefix)`: the prefix itself or a path below it, letters in any case
 * (express routes are case-insensitive, so `/API/v1/...` reaches the same handlers and must get
 * the same headers). `prefix` is given in lower case.
 */
export function isUnder(path: string, prefix: string): boolean {
  if (path.length < prefix.length) return false;
  const head = path.startsWith(prefix) ? prefix : path.slice(0, prefix.length).toLowerCase();
  return head === prefix && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47 /* / */);
}

/**
 * Everything a request goes through before routing, in ARCHITECTURE.md's order: request id,
 * access log, CORS (preflights answered here), security headers on API answers, JSON body.
 * One express layer instead of five: each layer is a dispatch of its own (path match, `next`
 * closure, prefix trimming for mounted ones), and on a cheap request such as a probe those
 * dispatches cost more than the work they led to (bench/README.md, kernel).
 */
export function edge(options: EdgeOptions): RequestHandler {
  const logRequest = accessLogger(options.logger, options.behindProxies ? forwardedIp : socketIp);
  const cors = corsAllowList(options.allowedOrigins);
  const readBody = jsonBody(options.maxBodyBytes, options.maxJsonDepth);
  const apiPaths = options.apiPaths.map((p) => p.toLowerCase());
  return (req: Request, res: Response, next: NextFunction): void => {
    assignRequestId(req, res);
    logRequest(req, res);
    if (req.method === 'OPTIONS') { cors.preflight(req, res, next); return; }
    cors.setHeaders(req, res);
    if (underAny(req.path, apiPaths)) setApiSecurityHeaders(res);
    readBody(req, res, next);
  };
}

function underAny(path: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (isUnder(path, prefix)) return true;
  return false;
}
