import type { SignedCheckpoint } from '../audit/checkpoint-signer';
import type { BackupCell, TableInfo } from './table-snapshot';

export const BACKUP_FORMAT = 'the-logbook-backup';
export const BACKUP_VERSION = 1;

export interface BackupAuditHead { chain_id: string; last_seq: number; last_hash: string }

/** The first line of a backup's content: what restore checks before it touches the database. */
export interface BackupHeader {
  type: 'header';
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: string;
  app_version: string;
  dialect: 'mysql' | 'sqlite';
  /** Applied migrations, in order: restore builds the same schema by running them. */
  migrations: string[];
  tables: TableInfo[];
  audit_heads: BackupAuditHead[];
  /** The newest signed checkpoint of each chain at backup time. */
  checkpoints: SignedCheckpoint[];
}

export interface BackupRows { type: 'rows'; table: string; rows: BackupCell[][] }
export interface BackupEnd { type: 'end'; row_counts: Record<string, number> }
export type BackupLine = BackupHeader | BackupRows | BackupEnd;
