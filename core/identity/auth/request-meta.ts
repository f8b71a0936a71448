import type { Request } from 'express';

/** Where a request came from, for session rows and audit entries (never credentials). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function requestMeta(req: Request): RequestMeta {
  // req.ip honours TRUSTED_PROXY_IPS only (app 'trust proxy'), so a spoofed X-Forwarded-For does not move it.
  return { ip: req.ip ?? null, userAgent: (req.get('user-agent') ?? '').slice(0, 500) || null, requestId: req.id ?? null };
}
