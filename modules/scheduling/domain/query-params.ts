import { BadRequestError, ValidationError } from '../../../core/http/errors';
import { daysBetween, isValidDate } from './zoned-time';

/** A `YYYY-MM-DD` query or body value; 422 naming the field when it is not a real date. */
export function dateParam(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isValidDate(value)) throw new ValidationError([{ field, message: 'must be a date (YYYY-MM-DD)' }]);
  return value;
}

export function requiredDate(field: string, value: string | undefined): string {
  const d = dateParam(field, value);
  if (!d) throw new ValidationError([{ field, message: 'is required' }]);
  return d;
}

/**
 * A date range in a query: reversed or wider than `maxDays` is a 400 (what upstream answers for the
 * open-shifts window, and the SPA shows the message).
 */
export function checkRange(start: string, end: string, maxDays: number): void {
  const days = daysBetween(start, end);
  if (days < 0) throw new BadRequestError('end_date must not be before start_date', 'LB-SCHED-040');
  if (days > maxDays) throw new BadRequestError(`The date range may span at most ${maxDays} days`, 'LB-SCHED-041');
}

/** An ISO 8601 instant with a timezone designator (`Z` or an offset). */
export function instantParam(field: string, value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const t = ok ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new ValidationError([{ field, message: 'must be an ISO 8601 date-time with a timezone (e.g. 2026-12-01T13:00:00Z)' }]);
  return new Date(t);
}
