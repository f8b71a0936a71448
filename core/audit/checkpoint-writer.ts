import { QueryTypes } from 'sequelize';
import type { Cache } from '../cache';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import { GENESIS_HASH, HASH_VERSION } from './audit-entry';
import { canonicalEntry, type EntryHasher } from './entry-hash';
import { entrySelectList, rowToEntry } from './entry-rows';
import { SegmentRoots } from './merkle';
import type { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';
import type { CheckpointStore } from './checkpoint-store';
import type { CheckpointSink } from './checkpoint-sink';
import { mirrorCheckpoint } from './checkpoint-mirror';
import { nowIsoMicros } from './audit-time';
import { AppendedRuns, lastSeqOf, type AppendedRun } from './appended-runs';

const PAGE = 1000;
/**
 * Entries taken between turns of the event loop. The writer runs in the appending process, whose
 * writers hold chain locks while they wait for the event loop: a whole segment in one go (several
 * ms of hashing) would hold every lock holder up for that long.
 */
const YIELD_EVERY = 128;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Default bound on the canonical text remembered from this process's own appends (AppendedRuns). */
const MEMORY_CHARS = 32 * 1024 * 1024;

/** Thrown when the segment does not verify: we never sign a broken chain. */
class CheckpointRefused extends Error {}

/**
 * Thrown when what this process remembers of its own appends does not fit the database (an
 * entry between ours that does not link to them, a head that is not our last hash): the writer
 * then forgets the chain and checks the whole segment from the database, which decides.
 */
class RememberedMismatch extends Error {}

export interface CheckpointWriterOptions {
  /** Entries per checkpoint segment (AUDIT_CHECKPOINT_EVERY). */
  every: number;
  /** Characters of canonical text remembered from this process's own appends, over all chains (default 32 Mi). */
  memoryChars?: number;
}

/** Where the entries of the last computed run came from (tests and diagnostics). */
export interface CheckpointSources {
  chainId: string;
  /** Entries this process appended and saw commit, signed from memory. */
  remembered: number;
  /** Entries read back from the database and checked (HMAC, link, seq): other processes' appends, or ours when not remembered. */
  readBack: number;
  /** True when remembered entries disagreed with the database and the whole range was read back instead. */
  fellBack: boolean;
}

/**
 * Creates signed checkpoints. A checkpoint covers the entries since the previous one (at most
 * `every` per segment). Nothing is signed that is not known to be a contiguous, linked chain
 * from the previous checkpoint's head hash to the chain head:
 *
 * - entries this process appended itself, and saw commit (AppendedRuns, fed only after COMMIT
 *   returned), are taken from memory: their canonical text and HMAC are the ones that were
 *   inserted, so there is nothing to recheck about their content. Their links are still checked,
 *   to the entry before them and from the entry after them;
 * - every other entry (another process's, or ours when not remembered) is read back and checked:
 *   HMAC, hash version, key, seq and link, as before;
 * - the last entry's hash must be the chain head's.
 *
 * Every remembered entry is therefore pinned, through checked links, to a row read back and
 * HMAC-checked or to the head row: a rolled-back or stale entry cannot slip in (its hash would
 * not be the one the next entry links to). If remembered entries do not fit, they are forgotten
 * and the whole segment is read back and checked, exactly as a writer that appended nothing.
 *
 * A row of ours edited in the database between its commit and the checkpoint is not read, so it
 * does not stop the checkpoint: the checkpoint signs what was committed, and `logbook audit
 * verify` then reports the row as modified and the checkpoint as not matching. Reading it back
 * would instead have refused to sign, leaving the segment protected by the HMAC alone, or, for an
 * attacker holding the HMAC key, signed the forgery. A cheaper read-back of our own entries
 * (only their hash columns, or an aggregate of them in SQL) was not chosen: it would not see the
 * edit a database-only attacker can make (a column changed under an unchanged hash, which only
 * the HMAC shows), and an aggregate over every column would have to rebuild canonical JSON in SQL.
 * See docs/audit-log.md, section 4.
 *
 * The reading and hashing take no lock (committed entries do not change, so appends never wait
 * for it); storing takes a short one that makes a second process computing the same segment back
 * off. Then it is mirrored to Redis and the sink.
 */
export class CheckpointWriter {
  /** Per chain: the last seq covered by a checkpoint, as far as this process knows. */
  private readonly covered = new Map<string, number>();
  /** Per chain: the newest seq this process appended. */
  private readonly seen = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly appended: AppendedRuns;
  /** Where the entries of the last computed segment range came from. */
  lastSources: CheckpointSources | null = null;

  constructor(
    private readonly db: Database,
    private readonly hasher: EntryHasher,
    private readonly signer: CheckpointSigner,
    private readonly store: CheckpointStore,
    private readonly cache: Cache,
    private readonly sink: CheckpointSink | null,
    private readonly logger: Logger,
    private readonly options: CheckpointWriterOptions,
  ) {
    this.appended = new AppendedRuns(options.memoryChars ?? MEMORY_CHARS);
  }

  /**
   * After a transaction that appended `run` has committed (Database.afterCommitted: never after a
   * rollback or a failed COMMIT): remembers the run, and starts a checkpoint in the background
   * when `every` entries are due.
   */
  afterAppend(run: AppendedRun): void {
    this.appended.remember(run);
    this.maybeStart(run.chainId, lastSeqOf(run));
  }

  /** Characters of canonical text remembered from this process's own appends (tests). */
  get rememberedChars(): number {
    return this.appended.size;
  }

  private maybeStart(chainId: string, lastSeq: number): void {
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
        if (ok && seen - now >= this.options.every) this.maybeStart(chainId, seen);
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
    this.appended.forgetThrough(chainId, coveredSeq);
    if (head.lastSeq - coveredSeq < (force ? 1 : this.options.every)) return [];

    let created: SignedCheckpoint[];
    try {
      created = await this.compute(chainId, latest, head, !force);
    } catch (err) {
      if (!(err instanceof CheckpointRefused)) throw err;
      // Logged loudly and not retried until `every` more entries arrive: `logbook audit verify` tells the whole story.
      this.covered.set(chainId, head.lastSeq);
      this.appended.forgetThrough(chainId, head.lastSeq);
      this.logger.error({ chain: chainId, reason: err.message }, 'audit chain does not verify; checkpoint refused');
      return [];
    }
    if (created.length === 0 || !(await this.store.insertAfter(chainId, coveredSeq, created))) return [];
    const newest = created[created.length - 1].last_seq;
    this.covered.set(chainId, newest);
    this.appended.forgetThrough(chainId, newest);
    await this.publish(created);
    return created;
  }

  /**
   * Checks and signs the segments after `previous` up to `head`, without holding any lock: from
   * what this process remembers of its own committed appends where it can, falling back to
   * reading everything back when that does not fit the database.
   */
  private async compute(chainId: string, previous: SignedCheckpoint | null, head: { lastSeq: number; lastHash: string }, wholeSegmentsOnly: boolean): Promise<SignedCheckpoint[]> {
    try {
      return await this.computeFrom(chainId, previous, head, wholeSegmentsOnly, true);
    } catch (err) {
      if (!(err instanceof RememberedMismatch)) throw err;
      this.logger.warn({ chain: chainId, reason: err.message }, 'audit checkpoint: entries this process appended do not fit the database; checking the whole range from the database');
      this.appended.forget(chainId);
      return this.computeFrom(chainId, previous, head, wholeSegmentsOnly, false);
    }
  }

  private async computeFrom(chainId: string, previous: SignedCheckpoint | null, head: { lastSeq: number; lastHash: string }, wholeSegmentsOnly: boolean, useMemory: boolean): Promise<SignedCheckpoint[]> {
    const from = previous?.last_seq ?? 0;
    const created: SignedCheckpoint[] = [];
    const sources: CheckpointSources = { chainId, remembered: 0, readBack: 0, fellBack: !useMemory };
    this.lastSources = sources;
    let roots = new SegmentRoots();
    /** The last seq taken into the segments, and its hash: what the next entry must link to. */
    let seq = from;
    let expectedPrevious = previous ? previous.head_hash : GENESIS_HASH;
    /** Whether that last entry came from memory: a link or head mismatch right after one is RememberedMismatch, not a broken chain (yet). */
    let lastRemembered = false;
    let sinceTurn = 0;
    const take = (entrySeq: number, hash: string, canonical: string): void => {
      sinceTurn++;
      roots.add(hash, canonical);
      seq = entrySeq;
      expectedPrevious = hash;
      if (roots.size === this.options.every) {
        created.push(this.signer.sign({
          chain_id: chainId, last_seq: entrySeq, count: roots.size, head_hash: hash,
          ...roots.checkpointRoots(), created_at: nowIsoMicros(),
        }));
        roots = new SegmentRoots();
      }
    };

    while (seq < head.lastSeq) {
      if (useMemory) {
        const before = seq;
        for (const entry of this.appended.from(chainId, seq + 1)) {
          if (entry.seq > head.lastSeq) break;
          // Ours and committed, so its content and HMAC are what was inserted; its place in the chain is still checked.
          if (entry.previousHash !== expectedPrevious) throw new RememberedMismatch(`entry ${entry.seq} as appended here does not link to entry ${seq}`);
          take(entry.seq, entry.hash, entry.canonical);
          lastRemembered = true;
          if (sinceTurn >= YIELD_EVERY) { sinceTurn = 0; await nextTurn(); }
        }
        sources.remembered += seq - before;
        if (seq > before) continue;
      }
      // Not ours (or not remembered): read back up to the next remembered entry, and check each one.
      const next = useMemory ? this.appended.nextAfter(chainId, seq) : null;
      const until = next === null ? head.lastSeq : Math.min(head.lastSeq, next - 1);
      const rows = await this.db.sequelize.query<Record<string, unknown>>(
        `SELECT ${entrySelectList(this.db.dialect)} FROM \`audit_logs\` WHERE \`chain_id\` = ? AND \`seq\` > ? AND \`seq\` <= ? ORDER BY \`seq\` LIMIT ${PAGE}`,
        { replacements: [chainId, seq, until], type: QueryTypes.SELECT },
      );
      if (rows.length === 0) throw new CheckpointRefused(`entries ${seq + 1}..${until} are missing`);
      for (const row of rows) {
        const entry = rowToEntry(row);
        if (entry.seq !== seq + 1) throw new CheckpointRefused(`entry ${seq + 1} is missing`);
        if (entry.previous_hash !== expectedPrevious) {
          if (lastRemembered) throw new RememberedMismatch(`entry ${entry.seq} does not link to entry ${seq} as appended here`);
          throw new CheckpointRefused(`entry ${entry.seq} does not link to its predecessor`);
        }
        const canonical = canonicalEntry(entry);
        if (entry.hash_version !== HASH_VERSION || entry.key_id !== this.hasher.keyId || this.hasher.hashCanonical(canonical) !== entry.current_hash) {
          throw new CheckpointRefused(`entry ${entry.seq} does not match its hash`);
        }
        take(entry.seq, entry.current_hash, canonical);
        lastRemembered = false;
        sources.readBack++;
        if (sinceTurn >= YIELD_EVERY) { sinceTurn = 0; await nextTurn(); }
      }
    }
    if (seq > from && expectedPrevious !== head.lastHash) {
      if (lastRemembered) throw new RememberedMismatch(`the chain head is not entry ${seq} as appended here`);
      throw new CheckpointRefused(`the chain head does not match entry ${seq}`);
    }
    if (roots.size > 0 && !wholeSegmentsOnly) {
      created.push(this.signer.sign({
        chain_id: chainId, last_seq: seq, count: roots.size, head_hash: expectedPrevious,
        ...roots.checkpointRoots(), created_at: nowIsoMicros(),
      }));
    }
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
