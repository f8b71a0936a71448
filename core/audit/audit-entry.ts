import type { AuditOutcome, AuditSeverity } from './audit.types';

/** The chain of installation-level events (no organization); an organization's chain id is its id. */
export const INSTALLATION_CHAIN_ID = 'installation';
/** previous_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Version 1: HMAC-SHA256 over canonicalEntry() (see entry-hash.ts). */
export const HASH_VERSION = 1;

export function chainIdFor(organizationId: string | null): string {
  return organizationId ?? INSTALLATION_CHAIN_ID;
}

/** Chain ids are organization UUIDs or `installation`; anything else in a row or checkpoint is forged. */
export const CHAIN_ID_PATTERN = /^[A-Za-z0-9-]{1,36}$/;

/**
 * One audit_logs row as it is hashed and exported: every stored column except `id` and
 * `current_hash`. `timestamp` is ISO-8601 UTC with exactly six fraction digits (the column is
 * DATETIME(6)); `event_data` is the canonical JSON text that was hashed.
 */
export interface AuditEntryFields {
  chain_id: string;
  seq: number;
  timestamp: string;
  event_type: string;
  event_category: string;
  severity: AuditSeverity;
  organization_id: string | null;
  user_id: string | null;
  username: string | null;
  session_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditOutcome;
  event_data: string;
  previous_hash: string;
  hash_version: number;
  key_id: string;
}

/** A stored row. `id` is a string because BIGINT can outgrow a JavaScript number. */
export interface AuditEntry extends AuditEntryFields {
  id: string;
  current_hash: string;
}

/** The hashed columns in hash order. Changing this order is a new hash_version. */
export const HASHED_COLUMNS = [
  'chain_id', 'seq', 'timestamp', 'event_type', 'event_category', 'severity', 'organization_id', 'user_id',
  'username', 'session_id', 'ip_address', 'user_agent', 'request_id', 'resource_type', 'resource_id', 'outcome',
  'event_data', 'previous_hash', 'hash_version', 'key_id',
] as const satisfies ReadonlyArray<keyof AuditEntryFields>;

/** Every column in table order, as selected, inserted and exported. */
export const ENTRY_COLUMNS = ['id', ...HASHED_COLUMNS, 'current_hash'] as const satisfies ReadonlyArray<keyof AuditEntry>;

/** Column sizes shared by the migration, the model and the event normalizer. */
export const COLUMN_LENGTH = {
  chain_id: 36,
  event_type: 100,
  event_category: 50,
  severity: 10,
  organization_id: 36,
  user_id: 64,
  username: 255,
  session_id: 64,
  ip_address: 45,
  user_agent: 512,
  request_id: 128,
  resource_type: 64,
  resource_id: 128,
  outcome: 10,
  hash: 64,
  key_id: 16,
} as const;

/** An event made ready for the chain: everything but its place in it (seq, previous hash, hash). */
export type PendingEntry = Omit<AuditEntryFields, 'seq' | 'previous_hash' | 'hash_version' | 'key_id'>;
