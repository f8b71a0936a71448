import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from './errors';

/**
 * Deepest nesting of objects/arrays in raw JSON text, counted without parsing, so a 10,000-deep
 * document is refused before JSON.parse spends time and memory on it.
 */
export function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) { depth++; if (depth > max) { max = depth; if (max > stopAt) return max; } }
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * JSON bodies: size-limited (413 beyond), depth-limited (400), and an empty body sent with
 * `Content-Type: application/json` reads as `{}` (the SPA sends that for bodyless POSTs).
 */
export function jsonBody(limitBytes: number, maxDepth: number): RequestHandler {
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buf) => {
      if (buf.length > 0 && jsonDepth(buf.toString('utf8'), maxDepth) > maxDepth) {
        throw new AppError(400, 'LB-HTTP-003', `JSON nested deeper than ${maxDepth} levels`);
      }
    },
  });
  const parseIfBodyAllowed = (req: Request, res: Response, next: NextFunction): void => {
    // GET, HEAD and OPTIONS carry no body we read: skip the parser's content-type work on the hottest paths.
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') { next(); return; }
    parse(req, res, (err?: unknown) => {
      if (err) { next(err); return; }
      if (req.body === undefined && req.is(['application/json', 'application/*+json'])) req.body = {};
      next();
    });
  };
  return parseIfBodyAllowed;
}
