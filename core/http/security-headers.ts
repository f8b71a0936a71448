import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * Helmet decides the headers; we ask it once at startup and replay its answer on every request.
 * Helmet's output for these options does not depend on the request, and running its dozen small
 * middlewares per request was one of the larger costs of a cheap API call.
 */
function headersOf(middleware: RequestHandler): HeaderList {
  const headers: Array<[string, string]> = [];
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]); return res; },
    removeHeader: () => undefined,
    getHeader: () => undefined,
  };
  let called = false;
  middleware({ headers: {} } as Request, res as unknown as Response, () => { called = true; });
  if (!called) throw new Error('helmet did not finish synchronously; cannot precompute security headers');
  return Object.freeze(headers);
}

function setAll(res: Response, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}

function replay(headers: HeaderList): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction): void => {
    setAll(res, headers);
    next();
  };
}

const HSTS = { maxAge: 31_536_000, includeSubDomains: true };

/**
 * Headers for a JSON API (ASVS 3.4) plus `Cache-Control: no-store` (ASVS 14.3.2: answers may hold
 * personal data). Helmet's headers that only matter for HTML documents or retired browser features
 * (DNS prefetch, IE8 downloads, Flash cross-domain policies, the XSS auditor, origin-keyed agent
 * clusters, opener isolation) are left out: every header is work on every response.
 */
export const API_HEADERS: HeaderList = Object.freeze([
  ...headersOf(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    strictTransportSecurity: HSTS,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    originAgentCluster: false,
    crossOriginOpenerPolicy: false,
  })),
  ['Cache-Control', 'no-store'],
] as const);

export function setApiSecurityHeaders(res: Response): void {
  setAll(res, API_HEADERS);
}

/** The documentation pages load their own scripts and styles from this origin only. */
export function docsSecurityHeaders(): RequestHandler {
  return replay(headersOf(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'], fontSrc: ["'self'", 'data:'], workerSrc: ["'self'", 'blob:'], connectSrc: ["'self'"],
        frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: HSTS,
    referrerPolicy: { policy: 'no-referrer' },
  })));
}
