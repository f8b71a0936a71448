import type { IntegrityReport } from '../../audit/verify.types';

/** GET /audit-logs, /audit-logs/stats and the integrity routes (spa-contract §2.7). */

export interface AuditLogRow {
  /** The audit tables keep BIGINT ids (spa-contract §3). */
  id: number;
  timestamp: string | null;
  event_type: string;
  event_category: string;
  severity: 'info' | 'warning' | 'critical' | null;
  user_id: string | null;
  username: string | null;
  ip_address: string | null;
  event_data: Record<string, unknown>;
}

export interface AuditLogPage {
  logs: AuditLogRow[];
  total: number;
  skip: number;
  limit: number;
}

export interface AuditLogStats {
  total: number;
  by_severity: Record<string, number>;
  by_category: Record<string, number>;
}

export interface AuditLogFilter {
  search?: string;
  severity?: string;
  event_category?: string;
  event_type?: string;
  user_id?: string;
  start_date?: string;
  end_date?: string;
}

export type AuditIntegrity = IntegrityReport;

export interface AuditPublicKey {
  algorithm: 'Ed25519';
  key_id: string;
  /** SPKI PEM: what auditors verify signed checkpoints and exports with. */
  public_key_pem: string;
}
