import crypto from 'node:crypto';
import { HASHED_COLUMNS, type AuditEntryFields } from './audit-entry';

/**
 * The canonical serialization of an entry: a JSON array of every hashed column in HASHED_COLUMNS
 * order, nulls explicit. An array of JSON values cannot be reinterpreted by moving a delimiter
 * (the original joined values with `|`, so `a|b` + `c` equalled `a` + `b|c`).
 */
export function canonicalEntry(entry: AuditEntryFields): string {
  return JSON.stringify([
    entry.chain_id, entry.seq, entry.timestamp, entry.event_type, entry.event_category, entry.severity,
    entry.organization_id, entry.user_id, entry.username, entry.session_id, entry.ip_address, entry.user_agent,
    entry.request_id, entry.resource_type, entry.resource_id, entry.outcome, entry.event_data, entry.previous_hash,
    entry.hash_version, entry.key_id,
  ]);
}
// Keeps the literal above and the column list in step; a test checks it too.
if (HASHED_COLUMNS.length !== 20) throw new Error('canonicalEntry() is out of step with HASHED_COLUMNS');

/** A short public fingerprint of a secret key: identifies which key hashed an entry without revealing it. */
export function keyIdOf(secret: string): string {
  return crypto.createHash('sha256').update('logbook-audit-hmac-key\0').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** HMAC-SHA256 of entries under AUDIT_LOG_SIGNING_KEY: a database-only attacker cannot recompute the chain. */
export class EntryHasher {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(secret: string) {
    if (!secret) throw new Error('the audit log signing key is empty');
    this.key = Buffer.from(secret, 'utf8');
    this.keyId = keyIdOf(secret);
  }

  hashCanonical(canonical: string): string {
    return crypto.createHmac('sha256', this.key).update(canonical, 'utf8').digest('hex');
  }

  hash(entry: AuditEntryFields): string {
    return this.hashCanonical(canonicalEntry(entry));
  }
}
