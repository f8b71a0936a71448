import type { Dialect } from '../database/database';
import { ENTRY_COLUMNS, type AuditEntry } from './audit-entry';
import { canonicalJson } from './canonical-json';
import { toIsoMicros } from './audit-time';

/**
 * How the audit code selects entries through Sequelize: `timestamp` as text (MySQL's DATE_FORMAT
 * keeps the microseconds a Date would drop), so every reader sees the bytes that were hashed.
 */
export function entrySelectList(dialect: Dialect): string {
  const ts = dialect === 'mysql' ? "DATE_FORMAT(`timestamp`, '%Y-%m-%d %H:%i:%s.%f')" : 'CAST(`timestamp` AS TEXT)';
  return ENTRY_COLUMNS.map((c) => (c === 'timestamp' ? `${ts} AS \`timestamp\`` : `\`${c}\``)).join(', ');
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** event_data as text: MariaDB and SQLite hand back the stored text; a driver that parsed it gets it re-canonicalized. */
function eventDataText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return canonicalJson(v ?? {});
}

/** A raw row (Sequelize or mysql2) as an AuditEntry. */
export function rowToEntry(row: Record<string, unknown>): AuditEntry {
  return {
    id: String(row.id),
    chain_id: String(row.chain_id),
    seq: Number(row.seq),
    timestamp: toIsoMicros(row.timestamp as string | Date),
    event_type: String(row.event_type),
    event_category: String(row.event_category),
    severity: String(row.severity) as AuditEntry['severity'],
    organization_id: str(row.organization_id),
    user_id: str(row.user_id),
    username: str(row.username),
    session_id: str(row.session_id),
    ip_address: str(row.ip_address),
    user_agent: str(row.user_agent),
    request_id: str(row.request_id),
    resource_type: str(row.resource_type),
    resource_id: str(row.resource_id),
    outcome: String(row.outcome) as AuditEntry['outcome'],
    event_data: eventDataText(row.event_data),
    previous_hash: String(row.previous_hash),
    current_hash: String(row.current_hash),
    hash_version: Number(row.hash_version),
    key_id: String(row.key_id),
  };
}

/**
 * A row selected as an array in ENTRY_COLUMNS order (mysql2 `rowsAsArray`), as an AuditEntry:
 * the verifier's hot path, where skipping the driver's per-row objects matters.
 */
export function arrayToEntry(row: unknown[]): AuditEntry {
  return {
    id: String(row[0]),
    chain_id: row[1] as string,
    seq: Number(row[2]),
    timestamp: toIsoMicros(row[3] as string),
    event_type: row[4] as string,
    event_category: row[5] as string,
    severity: row[6] as AuditEntry['severity'],
    organization_id: row[7] as string | null,
    user_id: row[8] as string | null,
    username: row[9] as string | null,
    session_id: row[10] as string | null,
    ip_address: row[11] as string | null,
    user_agent: row[12] as string | null,
    request_id: row[13] as string | null,
    resource_type: row[14] as string | null,
    resource_id: row[15] as string | null,
    outcome: row[16] as AuditEntry['outcome'],
    event_data: eventDataText(row[17]),
    previous_hash: row[18] as string,
    hash_version: Number(row[19]),
    key_id: row[20] as string,
    current_hash: row[21] as string,
  };
}
