import { GENESIS_HASH, HASH_VERSION, type AuditEntry } from './audit-entry';
import { canonicalEntry, type EntryHasher } from './entry-hash';
import { canonicalJson } from './canonical-json';
import { SegmentRoots } from './merkle';
import type { SignedCheckpoint } from './checkpoint-signer';
import type { CheckpointSource, ProblemCollector } from './verify.types';

/** A checkpoint with a valid signature, and where it was found. */
export interface TrustedCheckpoint {
  cp: SignedCheckpoint;
  sources: ReadonlySet<CheckpointSource>;
}

export interface ChainVerifierOptions {
  chainId: string;
  /** null: offline (an export checked with the public key only), where the HMAC cannot be recomputed. */
  hasher: EntryHasher | null;
  /** Validly signed checkpoints known up front (more may be fed with addCheckpoint()). */
  checkpoints: readonly TrustedCheckpoint[];
  /** The first seq expected. */
  fromSeq: number;
  /** current_hash of entry fromSeq - 1 when known (GENESIS for seq 1), to check the first link. */
  anchorHash: string | null;
  /**
   * True when event_data comes back exactly as stored (MariaDB, SQLite). False when the database
   * may reformat JSON (MySQL 8's JSON type): then every entry's event_data is re-canonicalized.
   */
  verbatimEventData: boolean;
  problems: ProblemCollector;
}

interface Segment {
  checkpoint: TrustedCheckpoint;
  first: number;
  /** null when the segment starts before the range checked: only its head hash can be compared. */
  roots: SegmentRoots | null;
  /** A link or seq break inside it: then matching roots do not prove its entries (see SegmentRoots). */
  broken: boolean;
}

export interface ChainVerifierResult {
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstId: string | null;
  lastId: string | null;
  lastHash: string | null;
  /** Checkpoints whose end was reached and compared. */
  checkpointsChecked: number;
  /** Entries whose HMAC was recomputed (the others were proven by a signed checkpoint's roots). */
  hmacChecked: number;
  /**
   * Seq ranges inside checkpoint segments that did not prove them (roots or head differ, or the
   * segment never closed). The caller feeds these entries again to checkHmacs(), which pinpoints
   * which ones were edited: a second read of the rare bad stretch instead of holding every
   * segment in memory.
   */
  unproven: Array<[number, number]>;
}

/**
 * Checks one chain from entries fed in seq order, in bounded memory: the seq sequence (gaps),
 * each previous_hash link, every checkpoint's head hash and Merkle roots over its segment, and
 * each entry's content. An entry inside a segment whose signed roots match is proven by them
 * (its content and hash are what was checked and signed); its HMAC is recomputed only when no
 * checkpoint covers it, or, through checkHmacs(), when its segment does not match.
 */
export class ChainVerifier {
  /** Checkpoints not reached yet, sorted by the first seq of their segment. */
  private pending: Array<{ checkpoint: TrustedCheckpoint; first: number }> = [];
  private nextPending = 0;
  private readonly active: Segment[] = [];
  private readonly failed: Array<[number, number]> = [];
  private readonly proven: Array<[number, number]> = [];
  private expectedSeq: number;
  private previousHash: string | null;
  private readonly result: ChainVerifierResult = { checked: 0, firstSeq: null, lastSeq: null, firstId: null, lastId: null, lastHash: null, checkpointsChecked: 0, hmacChecked: 0, unproven: [] };

  get hmacChecked(): number { return this.result.hmacChecked; }

  constructor(private readonly options: ChainVerifierOptions) {
    this.expectedSeq = options.fromSeq;
    this.previousHash = options.fromSeq === 1 ? GENESIS_HASH : options.anchorHash;
    for (const checkpoint of options.checkpoints) this.addCheckpoint(checkpoint);
  }

  /**
   * Adds a validly signed checkpoint. Feed each before the entries of its segment (the caller
   * streams them alongside the entries, so memory stays flat however many a chain has).
   */
  addCheckpoint(checkpoint: TrustedCheckpoint): void {
    if (checkpoint.cp.last_seq < this.options.fromSeq) return;
    const item = { checkpoint, first: checkpoint.cp.last_seq - checkpoint.cp.count + 1 };
    if (this.nextPending > 1024) { this.pending = this.pending.slice(this.nextPending); this.nextPending = 0; }
    // Insert in order of `first` (almost always at the end: segments follow one another).
    let i = this.pending.length;
    while (i > this.nextPending && (this.pending[i - 1].first > item.first || (this.pending[i - 1].first === item.first && this.pending[i - 1].checkpoint.cp.last_seq > item.checkpoint.cp.last_seq))) i--;
    this.pending.splice(i, 0, item);
  }

  push(entry: AuditEntry): void {
    const { problems, chainId } = this.options;
    const r = this.result;
    if (r.firstSeq === null) { r.firstSeq = entry.seq; r.firstId = entry.id; }
    r.checked++;

    let linkKnown = this.previousHash !== null;
    let broken = false;
    if (entry.seq > this.expectedSeq) {
      broken = true;
      const last = entry.seq - 1;
      problems.add({ chain_id: chainId, seq: this.expectedSeq, to_seq: last > this.expectedSeq ? last : undefined, kind: 'deleted', detail: last > this.expectedSeq ? `entries ${this.expectedSeq}..${last} are missing` : `entry ${this.expectedSeq} is missing` });
      linkKnown = false;
    } else if (entry.seq < this.expectedSeq) {
      broken = true;
      problems.add({ chain_id: chainId, seq: entry.seq, kind: 'inserted-or-reordered', detail: `seq ${entry.seq} appears again after ${this.expectedSeq - 1}`, id: entry.id });
    }
    if (linkKnown && entry.seq === this.expectedSeq && entry.previous_hash !== this.previousHash) {
      broken = true;
      problems.add({ chain_id: chainId, seq: entry.seq, kind: 'inserted-or-reordered', detail: 'previous_hash does not match the entry before it', id: entry.id });
    }

    // Offline, or when the database reformats JSON, the canonical event_data is recomputed.
    const canonical = this.options.hasher && this.options.verbatimEventData
      ? canonicalEntry(entry)
      : canonicalEntry({ ...entry, event_data: canonicalText(entry.event_data) });
    const covered = this.trackCheckpoints(entry, canonical, broken);
    if (this.options.hasher && !covered) this.checkHmac(entry, canonical);

    this.previousHash = entry.current_hash;
    this.expectedSeq = Math.max(this.expectedSeq, entry.seq + 1);
    r.lastSeq = entry.seq;
    r.lastId = entry.id;
    r.lastHash = entry.current_hash;
  }

  /** Ends the stream. Segments still open end beyond the entries seen; the caller judges truncation. */
  finish(): ChainVerifierResult {
    for (const s of this.active) if (s.roots) addRange(this.failed, s.first, Math.min(s.checkpoint.cp.last_seq, this.result.lastSeq ?? s.first));
    this.active.length = 0;
    return { ...this.result, unproven: subtractRanges(this.failed, this.proven) };
  }

  /** HMAC-checks entries of an unproven range (see ChainVerifierResult.unproven). */
  checkHmacs(entries: readonly AuditEntry[]): void {
    for (const entry of entries) {
      const canonical = this.options.verbatimEventData ? canonicalEntry(entry) : canonicalEntry({ ...entry, event_data: canonicalText(entry.event_data) });
      this.checkHmac(entry, canonical);
    }
  }

  private checkHmac(entry: AuditEntry, canonical: string): void {
    const hasher = this.options.hasher!;
    this.result.hmacChecked++;
    let detail: string | null = null;
    if (entry.hash_version !== HASH_VERSION) detail = `unknown hash_version ${entry.hash_version}`;
    else if (entry.key_id !== hasher.keyId) detail = 'hashed with an unknown key';
    else if (hasher.hashCanonical(canonical) !== entry.current_hash) detail = 'content does not match its hash';
    if (detail) this.options.problems.add({ chain_id: this.options.chainId, seq: entry.seq, kind: 'modified', detail, id: entry.id });
  }

  /** Adds the entry to the open segments' roots; true when a segment able to prove it covers it. */
  private trackCheckpoints(entry: AuditEntry, canonical: string, broken: boolean): boolean {
    while (this.nextPending < this.pending.length && this.pending[this.nextPending].first <= entry.seq) {
      const { checkpoint, first } = this.pending[this.nextPending++];
      // Online, the tree is implied by the digest, the links and the head hash (see SegmentRoots); offline it is rebuilt.
      this.active.push({ checkpoint, first, roots: first >= this.options.fromSeq ? new SegmentRoots(this.options.hasher === null) : null, broken: false });
    }
    let covered = false;
    for (let i = 0; i < this.active.length; i++) {
      const segment = this.active[i];
      const cp = segment.checkpoint.cp;
      if (entry.seq <= cp.last_seq && segment.roots) {
        segment.roots.add(entry.current_hash, canonical);
        if (broken) segment.broken = true;
        covered = true;
      }
      if (entry.seq < cp.last_seq) continue;
      if (segment.roots) {
        const ok = entry.seq === cp.last_seq && this.compare(segment, entry);
        addRange(ok ? this.proven : this.failed, segment.first, cp.last_seq);
      } else if (entry.seq === cp.last_seq) {
        this.compare(segment, entry);
      }
      this.active.splice(i--, 1);
    }
    return covered;
  }

  /** True when the segment's head hash and roots match and its links held (its entries are then proven). */
  private compare(segment: Segment, entry: AuditEntry): boolean {
    const cp = segment.checkpoint.cp;
    const { problems, chainId } = this.options;
    this.result.checkpointsChecked++;
    const where = [...segment.checkpoint.sources].join(', ');
    // A validly signed checkpoint found only outside the database that disagrees with it: the database was rolled back and written again.
    const kind = segment.checkpoint.sources.has('table') || segment.checkpoint.sources.has('export') ? 'checkpoint-mismatch' : 'rolled-back';
    if (entry.current_hash !== cp.head_hash) {
      problems.add({ chain_id: chainId, seq: cp.last_seq, kind, detail: `entry ${cp.last_seq} differs from the checkpoint's head hash (checkpoint from ${where})`, id: entry.id });
      return false;
    }
    if (!segment.roots) return false;
    const roots = segment.roots.roots();
    if (segment.roots.size !== cp.count || (roots.merkle_root !== null && roots.merkle_root !== cp.merkle_root) || roots.content_digest !== cp.content_digest) {
      problems.add({ chain_id: chainId, seq: segment.first, to_seq: cp.last_seq, kind: 'checkpoint-mismatch', detail: `entries ${segment.first}..${cp.last_seq} do not match the checkpoint's content digest or Merkle root (checkpoint from ${where})` });
      return false;
    }
    // Already reported where the link broke; its entries still get their HMACs checked.
    return !segment.broken;
  }
}

function canonicalText(eventData: string): string {
  try {
    return canonicalJson(JSON.parse(eventData));
  } catch {
    return eventData;
  }
}

/** Appends [first, last], merging it into the previous range when they touch (segments close in order, so the lists stay short). */
function addRange(ranges: Array<[number, number]>, first: number, last: number): void {
  const prev = ranges[ranges.length - 1];
  if (prev && first <= prev[1] + 1 && last >= prev[0] - 1) { prev[0] = Math.min(prev[0], first); prev[1] = Math.max(prev[1], last); return; }
  ranges.push([first, last]);
}

/** The parts of `ranges` not inside any of `minus` (both lists of inclusive [first, last]). */
export function subtractRanges(ranges: Array<[number, number]>, minus: Array<[number, number]>): Array<[number, number]> {
  const sortedMinus = [...minus].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [first, last] of [...ranges].sort((a, b) => a[0] - b[0])) {
    let start = first;
    for (const [mf, ml] of sortedMinus) {
      if (ml < start || mf > last) continue;
      if (mf > start) out.push([start, mf - 1]);
      start = Math.max(start, ml + 1);
      if (start > last) break;
    }
    if (start <= last) out.push([start, last]);
  }
  // Merge overlaps so no entry is checked twice.
  const merged: Array<[number, number]> = [];
  for (const r of out.sort((a, b) => a[0] - b[0])) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], r[1]); else merged.push([...r]);
  }
  return merged;
}
