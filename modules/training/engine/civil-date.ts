/**
 * Calendar dates without a time of day ("YYYY-MM-DD"), the unit every training rule is stated in.
 * Arithmetic runs on day numbers (days since 1970-01-01, proleptic Gregorian), never on `Date`
 * objects in the server's timezone, so the server's TZ setting can never move a due date.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** True for a real calendar date in the form YYYY-MM-DD (2025-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parts(date: IsoDate): DateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromParts(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function toDayNumber(date: IsoDate): number {
  const p = parts(date);
  return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `b - a` in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Adds calendar months; a day that does not exist in the target month is clamped to its last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const p = parts(date);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return fromParts(year, month, Math.min(p.day, daysInMonth(year, month)));
}

export function startOfMonth(date: IsoDate): IsoDate {
  const p = parts(date);
  return fromParts(p.year, p.month, 1);
}

export function endOfMonth(date: IsoDate): IsoDate {
  const p = parts(date);
  return fromParts(p.year, p.month, daysInMonth(p.year, p.month));
}

/** Calendar months a window touches, counting partial first and last months (Jan 15 - Mar 1 = 3). */
export function monthsSpanned(start: IsoDate, end: IsoDate): number {
  const a = parts(start);
  const b = parts(end);
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

function zonedParts(timeZone: string, instant: Date): { date: IsoDate; offsetMs: number } {
  const values: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) values[part.type] = part.value;
  const date = `${values.year}-${values.month}-${values.day}`;
  const wall = Date.UTC(Number(values.year), Number(values.month) - 1, Number(values.day), Number(values.hour), Number(values.minute), Number(values.second));
  return { date, offsetMs: wall - Math.floor(instant.getTime() / 1000) * 1000 };
}

/** The calendar date at `instant` in an IANA timezone: "today" for an organization. */
export function dateIn(timeZone: string, instant: Date): IsoDate {
  return zonedParts(timeZone, instant).date;
}

/** The instant a calendar day starts in a timezone (midnight local, DST-aware to the hour). */
export function startOfDayIn(timeZone: string, date: IsoDate): Date {
  const guess = toDayNumber(date) * DAY_MS;
  // Two passes: the offset at the guess, then at the corrected instant (DST changes near midnight).
  let instant = guess - zonedParts(timeZone, new Date(guess)).offsetMs;
  instant = guess - zonedParts(timeZone, new Date(instant)).offsetMs;
  return new Date(instant);
}

/** A timezone name the runtime knows; an unknown one falls back to UTC rather than failing every request. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}
