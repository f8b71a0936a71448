/** What the verifier can find wrong, each reported with the chain and seq where it shows. */
export type ProblemKind =
  /** The entry's content does not match its HMAC (any column edited, wrong key, unknown hash version). */
  | 'modified'
  /** A gap in seq: entries were removed from the middle. */
  | 'deleted'
  /** previous_hash does not link to the entry before it, a duplicate seq, or entries past the chain head. */
  | 'inserted-or-reordered'
  /** The log ends before the newest checkpoint (table, Redis or sink) or chain head says it should. */
  | 'truncated'
  /** The database is older than a checkpoint held outside it (Redis, sink): a restored backup, or a fork after one. */
  | 'rolled-back'
  /** A checkpoint whose Ed25519 signature does not verify (forged, edited, or another key). */
  | 'bad-checkpoint-signature'
  /** A validly signed checkpoint whose head hash or Merkle roots do not match the entries. */
  | 'checkpoint-mismatch';

export const PROBLEM_KINDS: readonly ProblemKind[] = [
  'modified', 'deleted', 'inserted-or-reordered', 'truncated', 'rolled-back', 'bad-checkpoint-signature', 'checkpoint-mismatch',
];

export interface AuditProblem {
  chain_id: string;
  /** First affected seq. */
  seq: number;
  /** Last affected seq, when consecutive problems of the same kind were merged into one range. */
  to_seq?: number;
  kind: ProblemKind;
  /** A sentence for administrators: what does not match. Never row content. */
  detail: string;
  /** audit_logs.id of the entry at `seq`, when it exists. */
  id?: string;
}

export type CheckpointSource = 'table' | 'redis' | 'sink' | 'export';

export interface ChainReport {
  chain_id: string;
  organization_id: string | null;
  /** The organization's slug, `installation`, or the bare chain id when the organization is gone. */
  label: string;
  checked: number;
  first_seq: number | null;
  last_seq: number | null;
  first_id: string | null;
  last_id: string | null;
  /** last_seq of the chain head row (0 when none). */
  head_seq: number;
  checkpoints_checked: number;
  newest_checkpoint_seq: number | null;
  problem_count: number;
}

export interface VerifyReport {
  intact: boolean;
  total_checked: number;
  chains: ChainReport[];
  /** Every problem, up to MAX_REPORTED_PROBLEMS (see problem_count and problems_omitted). */
  problems: AuditProblem[];
  problem_count: number;
  problems_omitted: number;
  /** What could not be consulted (e.g. Redis down): the result is weaker, not wrong. */
  warnings: string[];
  started_at: string;
  duration_ms: number;
}

export interface VerifyOptions {
  /** Chains to check; all by default. */
  chainIds?: readonly string[];
  fromSeq?: number;
  toSeq?: number;
  /** Called with the number of entries just checked (for a progress bar). */
  onProgress?: (entries: number) => void;
  /** Called once with the number of entries to check. */
  onTotal?: (entries: number) => void;
}

/** The SPA's shape (GET /api/v1/security/audit-log/integrity). */
export interface IntegrityReport {
  verified: boolean;
  total_checked: number;
  first_id: number | null;
  last_id: number | null;
  errors: Array<{ log_id: number | null; seq: number; to_seq?: number; kind: ProblemKind; error: string }>;
  message: string;
}

export const MAX_REPORTED_PROBLEMS = 10_000;

/**
 * Collects problems with bounded memory: consecutive entries with the same kind of problem merge
 * into one range (a chain recomputed with a wrong key is one problem, not a million), and past
 * MAX_REPORTED_PROBLEMS only the count grows.
 */
export class ProblemCollector {
  readonly problems: AuditProblem[] = [];
  count = 0;
  omitted = 0;
  private readonly perChain = new Map<string, number>();

  add(problem: AuditProblem): void {
    const last = this.problems[this.problems.length - 1];
    const mergeable = problem.kind === 'modified' || problem.kind === 'inserted-or-reordered';
    if (mergeable && last && last.chain_id === problem.chain_id && last.kind === problem.kind
      && (last.to_seq ?? last.seq) + 1 === problem.seq && last.detail === problem.detail) {
      last.to_seq = problem.seq;
      return;
    }
    this.count++;
    this.perChain.set(problem.chain_id, (this.perChain.get(problem.chain_id) ?? 0) + 1);
    if (this.problems.length >= MAX_REPORTED_PROBLEMS) { this.omitted++; return; }
    this.problems.push({ ...problem });
  }

  countFor(chainId: string): number {
    return this.perChain.get(chainId) ?? 0;
  }
}
