import { inject, injectable } from 'inversify';
import { QueryTypes, type Transaction } from 'sequelize';
import type { Cache } from '../cache';
import type { Config } from '../config';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import { TOKENS } from '../kernel/tokens';
import type { AuditEvent, AuditRecorder } from './audit.types';
import { chainIdFor } from './audit-entry';
import { normalizeEvent } from './normalize-event';
import { EntryHasher } from './entry-hash';
import { ChainAppender, type AppendedHead, type PreparedEntry } from './chain-appender';
import { CheckpointSigner, loadCheckpointPrivateKey, type SignedCheckpoint } from './checkpoint-signer';
import { CheckpointStore } from './checkpoint-store';
import { CheckpointSink } from './checkpoint-sink';
import { CheckpointWriter } from './checkpoint-writer';
import { AuditVerifier } from './audit-verifier';
import type { IntegrityReport, VerifyOptions, VerifyReport } from './verify.types';

interface QueuedEvents {
  entries: PreparedEntry[];
  flushed: boolean;
}

/**
 * The tamper-evident audit log. Modules and core services use it through AUDIT_RECORDER:
 *
 * - `record(tx, event)` queues the event on a transaction opened with `Database.transaction()`;
 *   all events of that transaction are appended together right before its COMMIT, so the change
 *   and its audit entries commit or roll back together, and if the entries cannot be written the
 *   change fails.
 * - `recordStandalone(event)` for events with no business transaction (a failed login).
 *
 * Each organization has its own hash chain (plus one for installation-level events), serialized
 * by a head row locked FOR UPDATE, and signed checkpoints every AUDIT_CHECKPOINT_EVERY entries or
 * AUDIT_CHECKPOINT_SECONDS. See docs/audit-log.md.
 */
@injectable()
export class AuditService implements AuditRecorder {
  readonly hasher: EntryHasher;
  readonly signer: CheckpointSigner;
  readonly checkpoints: CheckpointWriter;
  readonly verifier: AuditVerifier;
  readonly store: CheckpointStore;
  readonly sink: CheckpointSink | null;
  private readonly appender: ChainAppender;
  private readonly queued = new WeakMap<Transaction, QueuedEvents>();

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Cache) private readonly cache: Cache,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.hasher = new EntryHasher(config.secrets.auditLogSigningKey);
    this.signer = new CheckpointSigner(loadCheckpointPrivateKey(config.secrets.auditCheckpointPrivateKey, config.secrets.secretKey));
    this.appender = new ChainAppender(db, this.hasher);
    this.store = new CheckpointStore(db);
    this.sink = config.audit.checkpointSink ? new CheckpointSink(config.audit.checkpointSink) : null;
    this.checkpoints = new CheckpointWriter(db, this.hasher, this.signer, this.store, cache, this.sink, logger, { every: config.audit.checkpointEvery });
    this.verifier = new AuditVerifier(config, db, cache, this.sink, this.hasher, this.signer.key);
  }

  /**
   * Queues `event` in `tx`; it is appended, with the transaction's other events as one batch,
   * right before COMMIT. `tx` must come from `Database.transaction()`, which runs the before-commit
   * hook: any other transaction is refused at once, since its events could only be appended after
   * its commit, apart from the change (and Sequelize's own after-commit hooks run even when COMMIT
   * fails, so a rolled-back change could leave an entry behind).
   * Throws AuditEventError at once for a malformed event.
   */
  record(tx: Transaction, event: AuditEvent): void {
    if ((tx as { finished?: string }).finished) throw new Error('audit.record(): the transaction has already finished');
    if (!this.db.isManaged(tx)) throw new Error('audit.record(): the transaction was not opened with Database.transaction()');
    const entry = this.appender.prepare(normalizeEvent(event));
    let queue = this.queued.get(tx);
    if (!queue || queue.flushed) {
      queue = { entries: [], flushed: false };
      const current = queue;
      this.queued.set(tx, current);
      this.db.beforeCommit(tx, () => this.flush(tx, current));
    }
    queue.entries.push(entry);
  }

  /** Appends one event in a transaction of its own. */
  async recordStandalone(event: AuditEvent): Promise<void> {
    await this.db.transaction(async (tx) => { this.record(tx, event); });
  }

  private async flush(tx: Transaction, queue: QueuedEvents): Promise<void> {
    queue.flushed = true;
    if (queue.entries.length === 0) return;
    const heads = await this.appender.append(tx, queue.entries);
    queue.entries = [];
    // Not tx.afterCommit(): Sequelize runs those even when COMMIT fails, and the checkpoint writer
    // signs remembered entries without reading them back, so it must only ever see committed ones.
    this.db.afterCommitted(tx, () => this.afterAppend(heads));
  }

  private afterAppend(heads: AppendedHead[]): void {
    for (const head of heads) this.checkpoints.afterAppend(head.run);
  }

  /** Creates checkpoints for every chain with unsigned entries (the audit.checkpoint job). */
  checkpointAll(): Promise<SignedCheckpoint[]> {
    return this.checkpoints.checkpointAll();
  }

  /** Checkpoints one chain now, whatever the count. */
  checkpointChain(organizationId: string | null): Promise<SignedCheckpoint[]> {
    return this.checkpoints.checkpointChain(chainIdFor(organizationId), true);
  }

  /** Waits for checkpoints started in the background by recent appends. */
  drain(): Promise<void> {
    return this.checkpoints.drain();
  }

  verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    return this.verifier.verify(options);
  }

  /**
   * One organization's chain in the SPA's shape (GET /api/v1/security/audit-log/integrity), optionally
   * limited to entries with startId <= id <= endId.
   */
  async integrity(organizationId: string, range: { startId?: number; endId?: number } = {}): Promise<IntegrityReport> {
    const chainId = chainIdFor(organizationId);
    const seqRange = await this.seqRangeForIds(chainId, range.startId, range.endId);
    if (seqRange === null) {
      return { verified: true, total_checked: 0, first_id: null, last_id: null, errors: [], message: 'No audit entries in the requested range' };
    }
    const report = await this.verify({ chainIds: [chainId], fromSeq: seqRange.from, toSeq: seqRange.to });
    const chain = report.chains[0];
    const errors = report.problems.map((p) => ({
      log_id: p.id !== undefined ? Number(p.id) : null, seq: p.seq, ...(p.to_seq !== undefined ? { to_seq: p.to_seq } : {}), kind: p.kind, error: p.detail,
    }));
    return {
      verified: report.intact,
      total_checked: report.total_checked,
      first_id: chain?.first_id ? Number(chain.first_id) : null,
      last_id: chain?.last_id ? Number(chain.last_id) : null,
      errors,
      message: report.intact
        ? `Audit log integrity verified: ${report.total_checked} entries checked`
        : `Audit log integrity check failed: ${report.problem_count} problem(s) found in ${report.total_checked} entries`,
    };
  }

  /** The Ed25519 public key (PEM) auditors verify checkpoints and exports with, and its key id. */
  publicKey(): { pem: string; keyId: string } {
    return { pem: this.signer.key.publicKeyPem, keyId: this.signer.key.keyId };
  }

  private async seqRangeForIds(chainId: string, startId?: number, endId?: number): Promise<{ from: number; to?: number } | null> {
    if (startId === undefined && endId === undefined) return { from: 1 };
    const rows = await this.db.sequelize.query<{ min_seq: number | null; max_seq: number | null }>(
      'SELECT MIN(`seq`) AS `min_seq`, MAX(`seq`) AS `max_seq` FROM `audit_logs` WHERE `chain_id` = ? AND `id` >= ? AND `id` <= ?',
      { replacements: [chainId, startId ?? 0, endId ?? Number.MAX_SAFE_INTEGER], type: QueryTypes.SELECT },
    );
    const r = rows[0];
    if (!r || r.min_seq === null || r.max_seq === null) return null;
    return { from: Number(r.min_seq), to: endId === undefined ? undefined : Number(r.max_seq) };
  }
}
