import crypto from 'node:crypto';
import type { AuditEvent, AuditOutcome, AuditSeverity } from './audit.types';
import { CHAIN_ID_PATTERN, chainIdFor, COLUMN_LENGTH, INSTALLATION_CHAIN_ID, type PendingEntry } from './audit-entry';
import { canonicalJson, toJsonValue, wellFormed } from './canonical-json';
import { nowIsoMicros } from './audit-time';

/** A programming error in an audit call (bad event shape): the caller's transaction fails with it. */
export class AuditEventError extends Error {
  constructor(message: string) {
    super(`audit event rejected: ${message}`);
    this.name = 'AuditEventError';
  }
}

const SEVERITIES: ReadonlySet<string> = new Set<AuditSeverity>(['info', 'warning', 'critical']);
const OUTCOMES: ReadonlySet<string> = new Set<AuditOutcome>(['success', 'failure']);
/** event_data carries field names and small facts, never documents; a bigger value is a bug upstream. */
export const MAX_EVENT_DATA_BYTES = 64 * 1024;

/** Cuts free text to `max` code points (the column's character limit), never inside a surrogate pair. */
function clip(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = wellFormed(String(value));
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

/** Identifiers must fit as given: cutting one would silently point the entry at something else. */
function identifier(name: string, value: string | null | undefined, max: number, required: boolean): string | null {
  if (value === null || value === undefined || value === '') {
    if (required) throw new AuditEventError(`${name} is required`);
    return null;
  }
  if (typeof value !== 'string') throw new AuditEventError(`${name} must be a string`);
  const text = wellFormed(value);
  // UTF-16 length >= code points, so only a long string needs counting.
  if (text.length > max && Array.from(text).length > max) throw new AuditEventError(`${name} is longer than ${max} characters`);
  return text;
}

/** SHA-256 hex of the raw session id: the log links a session's events without holding a usable session id. */
export function hashSessionId(raw: string): string {
  return crypto.createHash('sha256').update(raw, 'utf8').digest('hex');
}

/** Validates an event and turns it into the columns it will be stored (and hashed) with. */
export function normalizeEvent(event: AuditEvent, timestamp: string = nowIsoMicros()): PendingEntry {
  if (!event || typeof event !== 'object') throw new AuditEventError('an event object is required');
  const severity = event.severity ?? 'info';
  const outcome = event.outcome ?? 'success';
  if (!SEVERITIES.has(severity)) throw new AuditEventError(`severity must be info, warning or critical`);
  if (!OUTCOMES.has(outcome)) throw new AuditEventError(`outcome must be success or failure`);
  const organizationId = identifier('organizationId', event.organizationId, COLUMN_LENGTH.organization_id, false);
  if (event.organizationId === undefined) throw new AuditEventError('organizationId is required (null for installation-level events)');
  if (organizationId !== null && (!CHAIN_ID_PATTERN.test(organizationId) || organizationId === INSTALLATION_CHAIN_ID)) {
    throw new AuditEventError('organizationId must be an organization id');
  }

  let eventData: string;
  try {
    const value = toJsonValue(event.eventData ?? {});
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AuditEventError('eventData must be an object');
    eventData = canonicalJson(value);
  } catch (err) {
    if (err instanceof AuditEventError) throw err;
    throw new AuditEventError(`eventData is not JSON (${(err as Error).message})`);
  }
  if (Buffer.byteLength(eventData, 'utf8') > MAX_EVENT_DATA_BYTES) throw new AuditEventError(`eventData is larger than ${MAX_EVENT_DATA_BYTES} bytes`);

  return {
    chain_id: chainIdFor(organizationId),
    timestamp,
    event_type: identifier('eventType', event.eventType, COLUMN_LENGTH.event_type, true)!,
    event_category: identifier('eventCategory', event.eventCategory, COLUMN_LENGTH.event_category, true)!,
    severity,
    organization_id: organizationId,
    user_id: identifier('userId', event.userId, COLUMN_LENGTH.user_id, false),
    username: clip(event.username, COLUMN_LENGTH.username),
    session_id: event.sessionId ? hashSessionId(event.sessionId) : null,
    ip_address: clip(event.ipAddress, COLUMN_LENGTH.ip_address),
    user_agent: clip(event.userAgent, COLUMN_LENGTH.user_agent),
    request_id: clip(event.requestId, COLUMN_LENGTH.request_id),
    resource_type: identifier('resourceType', event.resourceType, COLUMN_LENGTH.resource_type, false),
    resource_id: identifier('resourceId', event.resourceId, COLUMN_LENGTH.resource_id, false),
    outcome,
    event_data: eventData,
  };
}
