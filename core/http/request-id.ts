import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

// An incoming id is kept only when it is short and plain, so it cannot inject into logs or headers.
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the request-id middleware for every request. */
    id: string;
  }
}

export function requestId() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    req.id = incoming && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.setHeader('X-Request-ID', req.id);
    next();
  };
}
