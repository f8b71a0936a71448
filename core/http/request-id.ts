import crypto from 'node:crypto';
import type { Request, Response } from 'express';

// An incoming id is kept only when it is short and plain, so it cannot inject into logs or headers.
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the request-id step of the edge middleware for every request. */
    id: string;
  }
}

/** A sane incoming `X-Request-ID` or a new UUID, on the request and echoed in the response. */
export function assignRequestId(req: Request, res: Response): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.setHeader('X-Request-ID', req.id);
}
