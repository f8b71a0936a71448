import path from 'node:path';
import { QueryTypes } from 'sequelize';
import type { Writable } from 'node:stream';
import type { Config } from '../config';
import type { Database } from '../database/database';
import { HASH_VERSION, INSTALLATION_CHAIN_ID, type AuditEntry } from './audit-entry';
import { isoToDb, nowIsoMicros } from './audit-time';
import type { AuditService } from './audit.service';
import type { SignedCheckpoint } from './checkpoint-signer';
import { openSnapshotReader } from './snapshot-reader';
import { csvLine } from './csv';
import {
  CSV_COLUMNS, EXPORT_FORMAT, EXPORT_VERSION, type ExportCheckpointLine, type ExportedChain, type ExportEndLine,
  type ExportEntryLine, type ExportFormat, type ExportHeader,
} from './export-format';

export interface ExportOptions {
  /** ISO-8601 UTC with microseconds; entries with from <= timestamp < to are requested. */
  from: string;
  to: string;
  /** Chains to export (an organization id, or INSTALLATION_CHAIN_ID); every chain by default. */
  chainIds?: readonly string[];
  format: ExportFormat;
  labels?: ReadonlyMap<string, string>;
}

export interface ExportTargets {
  /** JSONL: everything; CSV: the entries. */
  main: Writable;
  /** CSV only: header, checkpoints and end line. */
  sidecar?: Writable;
  /** Written into the sidecar's header so it names its CSV. */
  mainFileName?: string;
}

export interface ExportSummary {
  chains: ExportedChain[];
  entries: number;
  checkpoints: number;
  /** Entries left out because no valid checkpoint could cover them (the chain does not verify). */
  warnings: string[];
}

const PAGE = 5000;

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Writes an export an auditor can verify offline with the public key alone. The requested time
 * range is widened to whole checkpoint segments (and the tail is checkpointed first), because a
 * segment's Merkle roots can only be recomputed from all of its entries.
 */
export class AuditExporter {
  constructor(private readonly config: Config, private readonly db: Database, private readonly audit: AuditService) {}

  async export(options: ExportOptions, targets: ExportTargets): Promise<ExportSummary> {
    const chainIds = options.chainIds ? [...options.chainIds] : await this.allChains();
    const plans: Array<{ chain: ExportedChain; checkpoints: SignedCheckpoint[] }> = [];
    const warnings: string[] = [];
    for (const chainId of chainIds) {
      const plan = await this.plan(chainId, options, warnings);
      if (plan) plans.push(plan);
    }
    const key = this.audit.publicKey();
    const header: ExportHeader = {
      type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: nowIsoMicros(), from: options.from, to: options.to,
      hash_version: HASH_VERSION, hmac_key_id: this.audit.hasher.keyId, checkpoint_key_id: key.keyId, public_key_pem: key.pem,
      ...(targets.mainFileName ? { entries_file: path.basename(targets.mainFileName) } : {}),
      chains: plans.map((p) => p.chain),
    };
    const meta = options.format === 'csv' ? targets.sidecar : targets.main;
    if (!meta) throw new Error('a CSV export needs a file for its checkpoints');
    await write(meta, JSON.stringify(header) + '\n');
    if (options.format === 'csv') await write(targets.main, csvLine(CSV_COLUMNS));

    // Every checkpoint first, then the entries chain by chain: a reader knows all segments before the first entry.
    let checkpoints = 0;
    for (const { checkpoints: cps } of plans) {
      for (const cp of cps) {
        const line: ExportCheckpointLine = { type: 'checkpoint', ...cp };
        await write(meta, JSON.stringify(line) + '\n');
        checkpoints++;
      }
    }
    let entries = 0;
    const reader = await openSnapshotReader(this.config, this.db);
    try {
      for (const { chain } of plans) {
        for await (const page of reader.pages(chain.chain_id, chain.first_seq, chain.last_seq, PAGE)) {
          const text = options.format === 'csv'
            ? page.map((e) => csvLine(CSV_COLUMNS.map((c) => e[c]))).join('')
            : page.map((e) => JSON.stringify(entryLine(e)) + '\n').join('');
          await write(targets.main, text);
          entries += page.length;
        }
      }
    } finally {
      await reader.close();
    }
    const end: ExportEndLine = { type: 'end', entries, checkpoints };
    await write(meta, JSON.stringify(end) + '\n');
    return { chains: plans.map((p) => p.chain), entries, checkpoints, warnings };
  }

  /** Which seqs to export: the entries in the time range, widened to the checkpoint segments around them. */
  private async plan(chainId: string, options: ExportOptions, warnings: string[]): Promise<{ chain: ExportedChain; checkpoints: SignedCheckpoint[] } | null> {
    const dialect = this.db.dialect;
    const label = options.labels?.get(chainId) ?? (chainId === INSTALLATION_CHAIN_ID ? 'installation' : chainId);
    const [range] = await this.db.sequelize.query<{ a: number | null; b: number | null }>(
      'SELECT MIN(`seq`) AS `a`, MAX(`seq`) AS `b` FROM `audit_logs` WHERE `chain_id` = ? AND `timestamp` >= ? AND `timestamp` < ?',
      { replacements: [chainId, isoToDb(options.from, dialect), isoToDb(options.to, dialect)], type: QueryTypes.SELECT },
    );
    if (!range || range.a === null || range.b === null) return null;
    const a = Number(range.a);
    let b = Number(range.b);
    let checkpoints = await this.audit.store.list(chainId, a);
    if (!checkpoints.some((cp) => cp.last_seq >= b)) {
      // The tail is not signed yet: sign it now (refused, and left out, when the chain does not verify).
      await this.audit.checkpoints.checkpointChain(chainId, true);
      checkpoints = await this.audit.store.list(chainId, a);
    }
    const newest = checkpoints.length ? checkpoints[checkpoints.length - 1].last_seq : 0;
    if (newest < b) {
      warnings.push(`${label}: entries ${Math.max(a, newest + 1)}..${b} were left out: no valid checkpoint covers them (run logbook audit verify)`);
      if (newest < a) return null;
      b = newest;
    }
    const end = checkpoints.findIndex((cp) => cp.last_seq >= b);
    const covering = checkpoints.slice(0, end + 1);
    const first = covering[0].last_seq - covering[0].count + 1;
    return {
      chain: { chain_id: chainId, organization_id: chainId === INSTALLATION_CHAIN_ID ? null : chainId, label, first_seq: first, last_seq: covering[end].last_seq },
      checkpoints: covering,
    };
  }

  private async allChains(): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ chain_id: string }>('SELECT `chain_id` FROM `audit_chain_heads` ORDER BY `chain_id`', { type: QueryTypes.SELECT });
    return rows.map((r) => String(r.chain_id));
  }
}

function entryLine(e: AuditEntry): ExportEntryLine {
  let data: unknown;
  try { data = JSON.parse(e.event_data); } catch { data = e.event_data; }
  return { type: 'entry', ...e, event_data: data };
}
