import { ENTRY_COLUMNS, type AuditEntry } from './audit-entry';
import type { SignedCheckpoint } from './checkpoint-signer';

/**
 * The audit export file formats. JSONL: a header line, then per chain its checkpoints and its
 * entries, then an end line. CSV: the entries only (one header row, then one row per entry, in
 * ENTRY_COLUMNS order), with header, checkpoints and end line in `<file>.checkpoints.jsonl` beside it.
 */
export const EXPORT_FORMAT = 'logbook-audit-export';
export const EXPORT_VERSION = 1;
export type ExportFormat = 'jsonl' | 'csv';

export interface ExportedChain {
  chain_id: string;
  organization_id: string | null;
  label: string;
  /** The export holds exactly the entries first_seq..last_seq of this chain: whole checkpoint segments. */
  first_seq: number;
  last_seq: number;
}

export interface ExportHeader {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  /** The requested time range [from, to). */
  from: string;
  to: string;
  hash_version: number;
  hmac_key_id: string;
  checkpoint_key_id: string;
  /** For convenience only: an auditor compares its key id with the one published out of band, or passes --public-key. */
  public_key_pem: string;
  entries_file?: string;
  chains: ExportedChain[];
}

export interface ExportCheckpointLine extends SignedCheckpoint { type: 'checkpoint' }
export interface ExportEntryLine extends Omit<AuditEntry, 'event_data'> { type: 'entry'; event_data: unknown }
export interface ExportEndLine { type: 'end'; entries: number; checkpoints: number }

export const CSV_COLUMNS = ENTRY_COLUMNS;

export function sidecarPath(csvFile: string): string {
  return `${csvFile}.checkpoints.jsonl`;
}
