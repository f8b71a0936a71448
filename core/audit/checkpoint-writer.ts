import { QueryTypes } from 'sequelize';
import type { Cache } from '../cache';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import { GENESIS_HASH, HASH_VERSION } from './audit-entry';
import type { AppendedEntry } from './chain-appender';
import { canonicalEntry, type EntryHasher } from './entry-hash';
import { selectEntries } from './entry-rows';
import { SegmentRoots } from './merkle';
import type { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';
import type { CheckpointStore } from './checkpoint-store';
import type { CheckpointSink } from './checkpoint-sink';
import { mirrorCheckpoint } from './checkpoint-mirror';
import { nowIsoMicros } from './audit-time';

const PAGE = 1000;
/** Appended entries remembered across all chains (about 1 KB each) before the memory is dropped. */
const MAX_REMEMBERED = 50_000;

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
  /** Per chain: entries this process appended and committed, by seq, until a checkpoint covers them. */
  private readonly appended = new Map<string, Map<number, AppendedEntry>>();
  private appendedCount = 0;
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

  /**
   * Keeps what this process appended (after its commit) so a checkpoint can be computed without
   * reading those entries back and re-hashing them: signing what was written means an entry
   * edited in the database meanwhile shows up as a mismatch at verification. Entries appended by
   * other processes are still read and HMAC-checked. Memory is capped; past the cap, reads it is.
   */
  remember(chainId: string, entries: readonly AppendedEntry[]): void {
    let map = this.appended.get(chainId);
    if (!map) { map = new Map(); this.appended.set(chainId, map); }
    for (const e of entries) map.set(e.seq, e);
    this.appendedCount += entries.length;
    const perChain = Math.max(2 * this.options.every, 2048);
    if (map.size > perChain) {
      for (const seq of map.keys()) { if (map.size <= perChain) break; map.delete(seq); this.appendedCount--; }
    }
    if (this.appendedCount > MAX_REMEMBERED) { this.appended.clear(); this.appendedCount = 0; }
  }

  private forget(chainId: string, upTo: number): void {
    const map = this.appended.get(chainId);
    if (!map) return;
    for (const seq of map.keys()) if (seq <= upTo) { map.delete(seq); this.appendedCount--; }
    if (map.size === 0) this.appended.delete(chainId);
  }

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
    this.forget(chainId, created[created.length - 1].last_seq);
    await this.publish(created);
    return created;
  }

  /** Reads, checks and signs the segments after `previous` up to `head`, without holding any lock. */
  private async compute(chainId: string, previous: SignedCheckpoint | null, head: { lastSeq: number; lastHash: string }, wholeSegmentsOnly: boolean): Promise<SignedCheckpoint[]> {
    const from = previous?.last_seq ?? 0;
    const created: SignedCheckpoint[] = [];
    let expectedPrevious = previous ? previous.head_hash : GENESIS_HASH;
    let roots = new SegmentRoots();
    let lastSeq = from;
    let lastHash = expectedPrevious;
    const seal = (seq: number, hash: string): void => {
      created.push(this.signer.sign({
        chain_id: chainId, last_seq: seq, count: roots.size, head_hash: hash,
        ...roots.checkpointRoots(), created_at: nowIsoMicros(),
      }));
      roots = new SegmentRoots();
    };

    const remembered = this.appended.get(chainId);
    const take = (seq: number, previousHash: string, hash: string, canonical: string): void => {
      if (seq !== lastSeq + 1) throw new CheckpointRefused(`entry ${lastSeq + 1} is missing`);
      if (previousHash !== expectedPrevious) throw new CheckpointRefused(`entry ${seq} does not link to its predecessor`);
      roots.add(hash, canonical);
      expectedPrevious = hash;
      lastSeq = seq;
      lastHash = hash;
      if (roots.size === this.options.every) seal(seq, hash);
    };
    while (lastSeq < head.lastSeq) {
      const mine = remembered?.get(lastSeq + 1);
      if (mine) { take(mine.seq, mine.previousHash, mine.hash, mine.canonical); continue; }
      // A stretch another process appended: read it and check every HMAC before signing over it.
      let upTo = lastSeq + 1;
      while (upTo < head.lastSeq && upTo - lastSeq < PAGE && !remembered?.has(upTo + 1)) upTo++;
      const entries = await selectEntries(this.db, chainId, lastSeq, upTo, PAGE);
      if (entries.length === 0) throw new CheckpointRefused(`entries ${lastSeq + 1}..${upTo} are missing`);
      for (const entry of entries) {
        const canonical = canonicalEntry(entry);
        if (entry.hash_version !== HASH_VERSION || entry.key_id !== this.hasher.keyId || this.hasher.hashCanonical(canonical) !== entry.current_hash) {
          throw new CheckpointRefused(`entry ${entry.seq} does not match its hash`);
        }
        take(entry.seq, entry.previous_hash, entry.current_hash, canonical);
      }
    }
    if (lastSeq > from && lastHash !== head.lastHash) throw new CheckpointRefused(`the chain head does not match entry ${lastSeq}`);
    if (roots.size > 0 && !wholeSegmentsOnly) seal(lastSeq, lastHash);
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
