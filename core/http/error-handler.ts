import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging/logger';
import { AppError, DependencyUnavailableError, type FieldProblem } from './errors';
import { isDatabaseUnavailable } from '../database/database';

interface TsoaValidateError {
  name: 'ValidateError';
  fields: Record<string, { message: string; value?: unknown }>;
}

function isTsoaValidateError(err: unknown): err is TsoaValidateError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'ValidateError' && typeof (err as { fields?: unknown }).fields === 'object';
}

/** tsoa names fields `body.name`, `requestBody.name` or `query.limit`; the SPA wants `name` or `limit`. */
function fieldProblems(err: TsoaValidateError): FieldProblem[] {
  return Object.entries(err.fields).map(([key, { message }]) => {
    const field = key.replace(/^(requestBody|body)\.?/, '').replace(/^\$\.?/, '') || 'request';
    return { field, message: message.replace(/"/g, "'") };
  });
}

interface BodyParserError { type?: string; status?: number; expose?: boolean }

function fromBodyParser(err: BodyParserError): AppError | null {
  switch (err.type) {
    case 'entity.too.large': return new AppError(413, 'LB-HTTP-002', 'Request body too large');
    case 'entity.parse.failed': return new AppError(400, 'LB-HTTP-001', 'Malformed JSON body');
    case 'encoding.unsupported':
    case 'charset.unsupported': return new AppError(415, 'LB-HTTP-006', 'Unsupported body encoding');
    case 'request.aborted':
    case 'request.size.invalid': return new AppError(400, 'LB-HTTP-001', 'Incomplete request body');
    default: return null;
  }
}

/** Turns anything thrown into an AppError; unknown errors become a generic 500 and are logged (without stack or SQL). */
export function toAppError(err: unknown, logger: Logger, requestId: string): AppError {
  if (err instanceof AppError) return err;
  if (isTsoaValidateError(err)) return new AppError(422, 'LB-VAL-001', fieldProblems(err));
  const parsed = fromBodyParser(err as BodyParserError);
  if (parsed) return parsed;
  if (isDatabaseUnavailable(err)) return new DependencyUnavailableError('database');
  const e = err as { name?: string; message?: string; original?: { code?: string }; code?: string };
  logger.error({ reqId: requestId, error: { name: e.name, code: e.original?.code ?? e.code, message: String(e.message ?? '').slice(0, 200) } }, 'unhandled error');
  return new AppError(500, 'LB-SYS-001', 'Internal server error');
}

export function errorBody(error: AppError, requestId: string): Record<string, unknown> {
  const body: Record<string, unknown> = { detail: error.detail, code: error.code, status: error.status, request_id: requestId };
  if (error.details) body.details = error.details;
  return body;
}

/** The one error handler: the SPA's `{detail, code}` shape for every failure (spa-contract §1.5). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) { next(err); return; }
    const error = toAppError(err, logger, req.id);
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json(errorBody(error, req.id));
  };
}
