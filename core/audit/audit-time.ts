import type { Dialect } from '../database/database';

/**
 * Audit timestamps are hashed as ISO-8601 UTC strings with exactly six fraction digits and stored
 * at that precision (DATETIME(6)), so what is read back serializes to the same bytes. JavaScript
 * dates only carry milliseconds, hence strings everywhere on this path, never Date objects.
 */
const STORED = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:Z| ?\+00:?00)?$/;

let lastMicros = 0;

/**
 * Now, in microseconds: the wall clock's milliseconds plus a sub-millisecond part from the
 * monotonic clock, nudged so two events of one process within a millisecond stay in order
 * (a clock stepped back by NTP is followed, not fought).
 */
export function nowIsoMicros(): string {
  const sub = Number(process.hrtime.bigint() / 1000n % 1000n);
  let micros = Date.now() * 1000 + sub;
  if (micros <= lastMicros && lastMicros - micros < 1000) micros = lastMicros + 1;
  lastMicros = micros;
  return microsToIso(micros);
}

/** The last millisecond formatted, `2026-11-27T10:00:00.123`: events recorded in a batch mostly share it. */
let cachedMs = Number.NaN;
let cachedBase = '';

export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  if (ms !== cachedMs) {
    cachedBase = new Date(ms).toISOString().slice(0, 23); // 2026-11-27T10:00:00.123Z
    cachedMs = ms;
  }
  return `${cachedBase}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** Accepts the stored forms of both dialects and ISO input; returns the canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function toIsoMicros(value: string | Date): string {
  if (value instanceof Date) return `${value.toISOString().slice(0, 23)}000Z`;
  // The common cases without a regex (the verifier converts a million of these): our own ISO form, and MySQL's DATETIME(6) text.
  if (value.length === 27 && value.charCodeAt(10) === 84 && value.charCodeAt(26) === 90 && value.charCodeAt(19) === 46) return value;
  if (value.length === 26 && value.charCodeAt(10) === 32 && value.charCodeAt(19) === 46) return `${value.slice(0, 10)}T${value.slice(11)}Z`;
  const m = STORED.exec(value.trim());
  if (!m) throw new Error(`not a UTC timestamp: ${JSON.stringify(value.slice(0, 40))}`);
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0')}Z`;
}

/**
 * The stored text for an ISO timestamp. MariaDB/MySQL: `YYYY-MM-DD HH:MM:SS.ffffff` in a
 * DATETIME(6). SQLite: the same with ` +00:00`, the form Sequelize itself reads back as UTC.
 */
export function isoToDb(iso: string, dialect: Dialect): string {
  const canonical = toIsoMicros(iso);
  const text = `${canonical.slice(0, 10)} ${canonical.slice(11, 26)}`;
  return dialect === 'mysql' ? text : `${text} +00:00`;
}

/** Parses a user-supplied ISO date or date-time (the CLI's --from/--to), in UTC unless it names an offset. */
export function parseIsoArgument(value: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO-8601 date or time: ${value}`);
  return toIsoMicros(d);
}
