import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging/logger';

/**
 * One line per request, built from an allow-list: method, path (no query string, which may carry
 * tokens), status, duration, request id, client ip. Never cookies, Authorization, or bodies.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({
        reqId: req.id,
        method: req.method,
        path: req.path.slice(0, 256),
        status,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ip: req.ip,
      }, 'request');
    });
    next();
  };
}
