import { QueryTypes } from 'sequelize';
import type { Cache } from '../cache';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import { GENESIS_HASH, HASH_VERSION, type AuditEntry } from './audit-entry';
import { canonicalEntry, type EntryHasher } from './entry-hash';
import { entrySelectList, rowToEntry } from './entry-rows';
import { SegmentRoots } from './merkle';
import type { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';
import type { CheckpointStore } from './checkpoint-store';
import type { CheckpointSink } from './checkpoint-sink';
import { mirrorCheckpoint } from './checkpoint-mirror';
import { nowIsoMicros } from './audit-time';

const PAGE = 1000;

/** Thrown when the segment does not verify: we never sign a broken chain. */
class CheckpointRefused extends Error {}

export interface CheckpointWriterOptions {
  /** Entries per checkpoint segment (AUDIT_CHECKPOINT_EVERY). */
  every: number;
}

/**
 * Creates signed checkpoints. A checkpoint covers the entries since the previous one (at most
 * `every` per segment); before signing, each entry's HMAC and link is checked, so a chain that was
 * tampered with is reported instead of blessed. The reading and hashing take no lock (committed
 * entries do not change, so appends never wait for it); storing it takes a short one that makes a
 * second process computing the same segment back off. Then it is mirrored to Redis and the sink.
 */
export class CheckpointWriter {
  /** Per chain: the last seq covered by a checkpoint, as far as this process knows. */
  private readonly covered = new Map<string, number>();
  /** Per chain: the newest seq this process appended. */
  private readonly seen = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly hasher: EntryHasher,
    private readonly signer: CheckpointSigner,
    private readonly store: CheckpointStore,
    private readonly cache: Cache,
    private readonly sink: CheckpointSink | null,
    private readonly logger: Logger,
    private readonly options: CheckpointWriterOptions,
  ) {}

  /** After a commit moved a chain's head: starts a checkpoint in the background when `every` entries are due. */
  afterAppend(chainId: string, lastSeq: number): void {
    this.seen.set(chainId, Math.max(lastSeq, this.seen.get(chainId) ?? 0));
    const covered = this.covered.get(chainId);
    if (covered !== undefined && lastSeq - covered < this.options.every) return;
    if (this.inFlight.has(chainId)) return; // re-checked when that run ends
    const run = this.checkpointChain(chainId, false)
      .then(() => true, (err: Error) => {
        this.logger.warn({ chain: chainId, reason: err.message }, 'audit checkpoint failed; the next append or the audit.checkpoint job retries');
        return false;
      })
      .then((ok) => {
        this.inFlight.delete(chainId);
        // Appends that arrived while this run held the head may have made another segment due.
        const seen = this.seen.get(chainId) ?? 0;
        const now = this.covered.get(chainId) ?? 0;
        if (ok && seen - now >= this.options.every) this.afterAppend(chainId, seen);
      });
    this.inFlight.set(chainId, run);
  }

  /** Waits for background checkpoints (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Checkpoints every chain with entries past its newest checkpoint (the timed job, `logbook audit checkpoint`). */
  async checkpointAll(): Promise<SignedCheckpoint[]> {
    const created: SignedCheckpoint[] = [];
    for (const chainId of await this.store.chainsBehind()) created.push(...await this.checkpointChain(chainId, true));
    return created;
  }

  /**
   * Checkpoints one chain. Without `force`, only whole segments of `every` entries (the count
   * trigger); with it, the remainder too (the timer, exports). Returns what was created.
   */
  async checkpointChain(chainId: string, force: boolean): Promise<SignedCheckpoint[]> {
    // Lock-free: committed entries never change (and if they did, the checks below refuse to sign).
    const [latest, headRows] = await Promise.all([
      this.store.latest(chainId),
      this.db.sequelize.query<{ last_seq: number | string; last_hash: string }>('SELECT `last_seq`, `last_hash` FROM `audit_chain_heads` WHERE `chain_id` = ?', { replacements: [chainId], type: QueryTypes.SELECT }),
    ]);
    const coveredSeq = latest?.last_seq ?? 0;
    const head = headRows.length ? { lastSeq: Number(headRows[0].last_seq), lastHash: headRows[0].last_hash } : { lastSeq: 0, lastHash: GENESIS_HASH };
    this.covered.set(chainId, coveredSeq);
    if (head.lastSeq - coveredSeq < (force ? 1 : this.options.every)) return [];

    let created: SignedCheckpoint[];
    try {
      created = await this.compute(chainId, latest, head, !force);
    } catch (err) {
      if (!(err instanceof CheckpointRefused)) throw err;
      // Logged loudly and not retried until `every` more entries arrive: `logbook audit verify` tells the whole story.
      this.covered.set(chainId, head.lastSeq);
      this.logger.error({ chain: chainId, reason: err.message }, 'audit chain does not verify; checkpoint refused');
      return [];
    }
    if (created.length === 0 || !(await this.store.insertAfter(chainId, coveredSeq, created))) return [];
    this.covered.set(chainId, created[created.length - 1].last_seq);
    await this.publish(created);
    return created;
  }

  /** Reads, checks and signs the segments after `previous` up to `head`, without holding any lock. */
  private async compute(chainId: string, previous: SignedCheckpoint | null, head: { lastSeq: number; lastHash: string }, wholeSegmentsOnly: boolean): Promise<SignedCheckpoint[]> {
    const from = previous?.last_seq ?? 0;
    const created: SignedCheckpoint[] = [];
    let expectedPrevious = previous ? previous.head_hash : GENESIS_HASH;
    let roots = new SegmentRoots();
    let last: AuditEntry | null = null;
    const seal = (entry: AuditEntry): void => {
      created.push(this.signer.sign({
        chain_id: chainId, last_seq: entry.seq, count: roots.size, head_hash: entry.current_hash,
        ...roots.checkpointRoots(), created_at: nowIsoMicros(),
      }));
      roots = new SegmentRoots();
    };

    for (let after = from; after < head.lastSeq;) {
      const rows = await this.db.sequelize.query<Record<string, unknown>>(
        `SELECT ${entrySelectList(this.db.dialect)} FROM \`audit_logs\` WHERE \`chain_id\` = ? AND \`seq\` > ? AND \`seq\` <= ? ORDER BY \`seq\` LIMIT ${PAGE}`,
        { replacements: [chainId, after, head.lastSeq], type: QueryTypes.SELECT },
      );
      if (rows.length === 0) throw new CheckpointRefused(`entries ${after + 1}..${head.lastSeq} are missing`);
      for (const row of rows) {
        const entry = rowToEntry(row);
        const expectedSeq = (last?.seq ?? from) + 1;
        if (entry.seq !== expectedSeq) throw new CheckpointRefused(`entry ${expectedSeq} is missing`);
        if (entry.previous_hash !== expectedPrevious) throw new CheckpointRefused(`entry ${entry.seq} does not link to its predecessor`);
        const canonical = canonicalEntry(entry);
        if (entry.hash_version !== HASH_VERSION || entry.key_id !== this.hasher.keyId || this.hasher.hashCanonical(canonical) !== entry.current_hash) {
          throw new CheckpointRefused(`entry ${entry.seq} does not match its hash`);
        }
        roots.add(entry.current_hash, canonical);
        expectedPrevious = entry.current_hash;
        last = entry;
        if (roots.size === this.options.every) seal(entry);
      }
      after = last!.seq;
    }
    if (last && last.current_hash !== head.lastHash) throw new CheckpointRefused(`the chain head does not match entry ${last.seq}`);
    if (roots.size > 0 && !wholeSegmentsOnly) seal(last!);
    return created;
  }

  /** Copies to Redis (newest only) and the sink (all). Either failing is logged, not fatal: the row is committed. */
  private async publish(created: SignedCheckpoint[]): Promise<void> {
    const newest = created[created.length - 1];
    await mirrorCheckpoint(this.cache, newest)
      .catch((err: Error) => this.logger.warn({ chain: newest.chain_id, reason: err.message }, 'audit checkpoint not mirrored to Redis'));
    if (this.sink) {
      await this.sink.append(created)
        .catch((err: NodeJS.ErrnoException) => this.logger.error({ chain: newest.chain_id, reason: err.code ?? err.message }, 'audit checkpoint not written to the sink'));
    }
  }
}
