/**
 * A run of consecutive entries one transaction appended to one chain, as this process hashed and
 * inserted them: seqs `firstSeq` … `firstSeq + hashes.length - 1`. Entry i links to
 * `hashes[i - 1]`, the first to `previousHash`; `canonicals[i]` is the exact text its HMAC
 * `hashes[i]` was computed over (canonicalEntry() of the row).
 */
export interface AppendedRun {
  chainId: string;
  firstSeq: number;
  previousHash: string;
  hashes: string[];
  canonicals: string[];
}

/** One remembered entry: what the checkpoint writer needs to sign it without reading it back. */
export interface RememberedEntry {
  seq: number;
  previousHash: string;
  hash: string;
  canonical: string;
}

export function lastSeqOf(run: AppendedRun): number {
  return run.firstSeq + run.hashes.length - 1;
}

/**
 * What this process itself appended and saw commit, per chain, until a checkpoint covers it: the
 * checkpoint writer signs those entries from here instead of reading them back from the database
 * (see CheckpointWriter.compute() for why that is sound).
 *
 * Only ever fed from Database.afterCommitted(), which runs once COMMIT has returned without error
 * (Sequelize's own afterCommit hooks also run when COMMIT fails). A cache, never a source of truth
 * on its own: anything missing is read from the database, and anything that does not link to its
 * neighbours makes the writer forget the chain and fall back to reading everything back.
 *
 * Memory is bounded: at most `budgetChars` characters of canonical text in all (about that many
 * bytes: canonical JSON of ASCII content is a one-byte string in V8). A run that does not fit is
 * not remembered; its entries are simply read back.
 */
export class AppendedRuns {
  /** Per chain: runs in ascending seq order, never overlapping. */
  private readonly runs = new Map<string, AppendedRun[]>();
  private chars = 0;

  constructor(private readonly budgetChars: number) {}

  /** Characters of canonical text held (tests, diagnostics). */
  get size(): number {
    return this.chars;
  }

  /** Remembers a committed run. A run overlapping remembered seqs replaces them (those could only be stale). */
  remember(run: AppendedRun): void {
    if (run.hashes.length === 0 || run.hashes.length !== run.canonicals.length) return;
    const cost = charsOf(run);
    const list = this.runs.get(run.chainId) ?? [];
    const first = run.firstSeq;
    const last = lastSeqOf(run);
    // The usual case, a commit after everything remembered (the head lock serializes a chain's
    // commits): append in place. Filtering the whole list cost every commit time in proportion
    // to the runs awaiting a checkpoint (up to AUDIT_CHECKPOINT_EVERY of them).
    const tail = list[list.length - 1];
    if (!tail || lastSeqOf(tail) < first) {
      if (this.chars + cost > this.budgetChars) return;
      list.push(run);
      this.runs.set(run.chainId, list);
      this.chars += cost;
      return;
    }
    const kept = list.filter((r) => lastSeqOf(r) < first || r.firstSeq > last);
    const freed = list.length === kept.length ? 0 : list.filter((r) => !kept.includes(r)).reduce((n, r) => n + charsOf(r), 0);
    if (this.chars - freed + cost > this.budgetChars) {
      // Does not fit: keep the older runs (the next checkpoint starts with those) and read this one back.
      if (freed > 0) this.replace(run.chainId, kept, freed);
      return;
    }
    // Commits of one chain arrive in seq order almost always (the head lock serializes them); insert in place otherwise.
    let at = kept.length;
    while (at > 0 && kept[at - 1].firstSeq > first) at--;
    kept.splice(at, 0, run);
    this.replace(run.chainId, kept, freed);
    this.chars += cost;
  }

  /** The remembered entries of `chainId` from `seq` on, as long as they are consecutive; empty when `seq` is not remembered. */
  *from(chainId: string, seq: number): Generator<RememberedEntry> {
    const list = this.runs.get(chainId);
    if (!list) return;
    let next = seq;
    for (const run of list) {
      if (lastSeqOf(run) < next) continue;
      if (run.firstSeq > next) return;
      for (let i = next - run.firstSeq; i < run.hashes.length; i++, next++) {
        yield { seq: next, previousHash: i === 0 ? run.previousHash : run.hashes[i - 1], hash: run.hashes[i], canonical: run.canonicals[i] };
      }
    }
  }

  /** The first remembered seq of `chainId` above `seq`, or null. */
  nextAfter(chainId: string, seq: number): number | null {
    for (const run of this.runs.get(chainId) ?? []) {
      if (lastSeqOf(run) > seq) return Math.max(run.firstSeq, seq + 1);
    }
    return null;
  }

  /** Forgets the runs of `chainId` that end at or before `seq` (a checkpoint covers them). */
  forgetThrough(chainId: string, seq: number): void {
    const list = this.runs.get(chainId);
    if (!list) return;
    const kept = list.filter((r) => lastSeqOf(r) > seq);
    if (kept.length === list.length) return;
    this.replace(chainId, kept, list.filter((r) => lastSeqOf(r) <= seq).reduce((n, r) => n + charsOf(r), 0));
  }

  /** Forgets everything about `chainId` (what is remembered disagrees with the database). */
  forget(chainId: string): void {
    const list = this.runs.get(chainId);
    if (list) this.replace(chainId, [], list.reduce((n, r) => n + charsOf(r), 0));
  }

  private replace(chainId: string, list: AppendedRun[], freed: number): void {
    this.chars -= freed;
    if (list.length > 0) this.runs.set(chainId, list); else this.runs.delete(chainId);
  }
}

const costs = new WeakMap<AppendedRun, number>();

function charsOf(run: AppendedRun): number {
  let n = costs.get(run);
  if (n === undefined) {
    n = 0;
    for (const c of run.canonicals) n += c.length;
    costs.set(run, n);
  }
  return n;
}
