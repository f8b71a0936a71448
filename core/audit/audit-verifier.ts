import { QueryTypes } from 'sequelize';
import type { Cache } from '../cache';
import type { Config } from '../config';
import type { Database } from '../database/database';
import { CHAIN_ID_PATTERN, INSTALLATION_CHAIN_ID } from './audit-entry';
import type { EntryHasher } from './entry-hash';
import { isWellFormedCheckpoint, type CheckpointKey, type SignedCheckpoint } from './checkpoint-signer';
import type { CheckpointSink } from './checkpoint-sink';
import { readMirroredCheckpoint } from './checkpoint-mirror';
import { ChainVerifier, type TrustedCheckpoint } from './chain-verifier';
import { openSnapshotReader, type SnapshotReader } from './snapshot-reader';
import { nowIsoMicros } from './audit-time';
import {
  ProblemCollector, type ChainReport, type CheckpointSource, type VerifyOptions, type VerifyReport,
} from './verify.types';

/** Entries per keyset page: enough to amortize round trips; bigger pages outlive V8's young generation and cost more in GC than they save. */
const PAGE_SIZE = 1000;

interface ExternalCheckpoints {
  byChain: Map<string, Array<{ cp: SignedCheckpoint; source: CheckpointSource }>>;
  warnings: string[];
}

/**
 * Verifies chains against themselves and against every checkpoint it can find: in the table, in
 * Redis and in the sink. External checkpoints are read first and the database afterwards, in one
 * snapshot, so nothing appended meanwhile can pass for truncation.
 */
export class AuditVerifier {
  constructor(
    private readonly config: Config,
    private readonly db: Database,
    private readonly cache: Cache,
    private readonly sink: CheckpointSink | null,
    private readonly hasher: EntryHasher,
    private readonly key: CheckpointKey,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const started = Date.now();
    const startedAt = nowIsoMicros();
    const problems = new ProblemCollector();
    const labels = await this.organizationLabels();
    const candidates = options.chainIds ? [...options.chainIds] : await this.candidateChains(labels);
    const external = await this.externalCheckpoints(candidates, !options.chainIds);

    const reader = await openSnapshotReader(this.config, this.db);
    const chains: ChainReport[] = [];
    try {
      const [heads, bounds, cpChains] = await Promise.all([reader.heads(), reader.bounds(), reader.checkpointChains()]);
      const chainIds = options.chainIds
        ? [...options.chainIds]
        : [...new Set([...candidates, ...heads.keys(), ...bounds.keys(), ...cpChains, ...external.byChain.keys()])]
          .filter((id) => heads.has(id) || bounds.has(id) || cpChains.includes(id) || external.byChain.has(id))
          .sort();
      const from = Math.max(1, options.fromSeq ?? 1);
      const to = options.toSeq ?? Number.MAX_SAFE_INTEGER;
      let total = 0;
      for (const id of chainIds) {
        const b = bounds.get(id);
        if (b) total += Math.max(0, Math.min(b.maxSeq, to) - Math.max(b.minSeq, from) + 1);
      }
      options.onTotal?.(total);
      for (const chainId of chainIds) {
        chains.push(await this.verifyChain(reader, chainId, {
          from, to, toGiven: options.toSeq !== undefined,
          head: heads.get(chainId) ?? null, maxSeq: bounds.get(chainId)?.maxSeq ?? 0,
          external: external.byChain.get(chainId) ?? [], problems, label: labels.get(chainId), onProgress: options.onProgress,
        }));
      }
    } finally {
      await reader.close();
    }
    problems.problems.sort((a, b) => chainOrder(chains, a.chain_id) - chainOrder(chains, b.chain_id) || a.seq - b.seq);
    return {
      intact: problems.count === 0,
      total_checked: chains.reduce((n, c) => n + c.checked, 0),
      chains,
      problems: problems.problems,
      problem_count: problems.count,
      problems_omitted: problems.omitted,
      warnings: external.warnings,
      started_at: startedAt,
      duration_ms: Date.now() - started,
    };
  }

  private async verifyChain(reader: SnapshotReader, chainId: string, ctx: {
    from: number; to: number; toGiven: boolean; head: { lastSeq: number; lastHash: string } | null; maxSeq: number;
    external: Array<{ cp: SignedCheckpoint; source: CheckpointSource }>; problems: ProblemCollector; label?: string;
    onProgress?: (n: number) => void;
  }): Promise<ChainReport> {
    const { problems } = ctx;
    // The few checkpoints from Redis and the sink are known up front; the table's are streamed with the entries.
    const externals = this.trusted(chainId, ctx.external, problems);
    const externalByKey = new Map(externals.map((t) => [checkpointKey(t.cp), t]));
    let newest: MutableTrusted | null = externals.reduce<MutableTrusted | null>((n, t) => (!n || t.cp.last_seq > n.cp.last_seq ? t : n), null);

    const anchor = ctx.from > 1 ? await reader.entryAt(chainId, ctx.from - 1) : null;
    const verifier = new ChainVerifier({ chainId, hasher: this.hasher, checkpoints: externals, fromSeq: ctx.from, anchorHash: anchor?.current_hash ?? null, verbatimEventData: reader.verbatimEventData, problems });
    const tableCheckpoints = this.tableCheckpoints(reader, chainId, problems);
    let nextCheckpoint = await tableCheckpoints.next();
    /** Feeds the table's checkpoints whose segment starts at or before `seq` (all of them when Infinity). */
    const feedUpTo = async (seq: number): Promise<void> => {
      while (!nextCheckpoint.done && nextCheckpoint.value.cp.last_seq - nextCheckpoint.value.cp.count + 1 <= seq) {
        const t = nextCheckpoint.value;
        const same = externalByKey.get(checkpointKey(t.cp));
        if (same) same.sources.add('table'); // one checkpoint seen in several places: compared once, with all its sources
        else {
          verifier.addCheckpoint(t);
          if (!newest || t.cp.last_seq > newest.cp.last_seq) newest = t;
        }
        nextCheckpoint = await tableCheckpoints.next();
      }
    };
    for await (const page of reader.pages(chainId, ctx.from, ctx.to, PAGE_SIZE)) {
      await feedUpTo(page[page.length - 1].seq);
      for (const entry of page) verifier.push(entry);
      ctx.onProgress?.(page.length);
    }
    await feedUpTo(Infinity); // checkpoints past the last entry still count (truncation) and get their signatures checked
    let result = verifier.finish();
    // Segments that did not match: read their entries again and find the edited ones by HMAC.
    for (const [first, last] of result.unproven) {
      for await (const page of reader.pages(chainId, first, last, PAGE_SIZE)) verifier.checkHmacs(page);
    }
    result = { ...result, hmacChecked: verifier.hmacChecked };

    // The tail: only meaningful when we read to the end of the chain.
    if (!ctx.toGiven || ctx.to >= ctx.maxSeq) this.checkTail(chainId, ctx.maxSeq, result.lastHash, ctx.head, newest, externals, problems);

    return {
      chain_id: chainId,
      organization_id: chainId === INSTALLATION_CHAIN_ID ? null : chainId,
      label: ctx.label ?? (chainId === INSTALLATION_CHAIN_ID ? 'installation' : chainId),
      checked: result.checked,
      first_seq: result.firstSeq,
      last_seq: result.lastSeq,
      first_id: result.firstId,
      last_id: result.lastId,
      head_seq: ctx.head?.lastSeq ?? 0,
      checkpoints_checked: result.checkpointsChecked,
      newest_checkpoint_seq: (newest as MutableTrusted | null)?.cp.last_seq ?? null,
      problem_count: problems.countFor(chainId),
    };
  }

  /** The table's checkpoints in last_seq order, signature-checked (a bad one is reported and skipped). */
  private async *tableCheckpoints(reader: SnapshotReader, chainId: string, problems: ProblemCollector): AsyncGenerator<MutableTrusted> {
    for await (const page of reader.checkpointPages(chainId, PAGE_SIZE)) {
      for (const t of this.trusted(chainId, page.map((cp) => ({ cp, source: 'table' as const })), problems)) yield t;
    }
  }

  /**
   * Truncation: the rows end before what the head or a checkpoint proves existed. Rollback: the
   * database is older than a checkpoint kept where it cannot rewrite it (Redis, the sink).
   */
  private checkTail(chainId: string, tableTail: number, tailHash: string | null, head: { lastSeq: number; lastHash: string } | null,
    newest: TrustedCheckpoint | null, externals: TrustedCheckpoint[], problems: ProblemCollector): void {
    const evidence: string[] = [];
    let claimed = 0;
    if (head && head.lastSeq > tableTail) { evidence.push(`the chain head says ${head.lastSeq}`); claimed = head.lastSeq; }
    if (newest && newest.cp.last_seq > tableTail) {
      evidence.push(`a checkpoint (${[...newest.sources].join(', ')}) covers ${newest.cp.last_seq}`);
      claimed = Math.max(claimed, newest.cp.last_seq);
    }
    if (claimed > tableTail) {
      problems.add({ chain_id: chainId, seq: tableTail + 1, to_seq: claimed > tableTail + 1 ? claimed : undefined, kind: 'truncated', detail: `the log ends at ${tableTail} but ${evidence.join(' and ')}` });
    }
    if (head && head.lastSeq < tableTail) {
      problems.add({ chain_id: chainId, seq: head.lastSeq + 1, to_seq: tableTail > head.lastSeq + 1 ? tableTail : undefined, kind: 'inserted-or-reordered', detail: `entries past the chain head (${head.lastSeq})` });
    } else if (head && head.lastSeq === tableTail && tailHash !== null && head.lastHash !== tailHash) {
      problems.add({ chain_id: chainId, seq: tableTail, kind: 'inserted-or-reordered', detail: 'the chain head names another hash for this entry' });
    }
    const dbHead = Math.max(head?.lastSeq ?? 0, tableTail);
    const outside = externals
      .filter((t) => !t.sources.has('table') && t.cp.last_seq > dbHead)
      .sort((a, b) => b.cp.last_seq - a.cp.last_seq)[0];
    if (outside) {
      problems.add({ chain_id: chainId, seq: outside.cp.last_seq, kind: 'rolled-back', detail: `the database ends at ${dbHead} but a checkpoint held in ${[...outside.sources].join(' and ')} covers ${outside.cp.last_seq} (restored from an older copy?)` });
    }
  }

  /** Merges duplicates across sources; a checkpoint whose signature fails is reported and otherwise ignored. */
  private trusted(chainId: string, found: Array<{ cp: SignedCheckpoint; source: CheckpointSource }>, problems: ProblemCollector): MutableTrusted[] {
    const merged = new Map<string, MutableTrusted>();
    for (const { cp, source } of found) {
      const key = checkpointKey(cp);
      const existing = merged.get(key);
      if (existing) existing.sources.add(source); else merged.set(key, { cp, sources: new Set([source]) });
    }
    const trusted: MutableTrusted[] = [];
    for (const entry of merged.values()) {
      if (entry.cp.chain_id !== chainId || !isWellFormedCheckpoint(entry.cp) || !this.key.verify(entry.cp)) {
        const why = entry.cp.key_id !== this.key.keyId ? `signed by unknown key ${String(entry.cp.key_id).slice(0, 16)}` : 'signature does not verify';
        problems.add({ chain_id: chainId, seq: Number(entry.cp.last_seq) || 0, kind: 'bad-checkpoint-signature', detail: `checkpoint at ${entry.cp.last_seq} (${[...entry.sources].join(', ')}): ${why}` });
        continue;
      }
      trusted.push(entry);
    }
    return trusted.sort((a, b) => a.cp.last_seq - b.cp.last_seq);
  }

  private async organizationLabels(): Promise<Map<string, string>> {
    const rows = await this.db.sequelize.query<{ id: string; slug: string }>('SELECT `id`, `slug` FROM `organizations`', { type: QueryTypes.SELECT });
    const labels = new Map(rows.map((r) => [String(r.id), String(r.slug)]));
    labels.set(INSTALLATION_CHAIN_ID, 'installation');
    return labels;
  }

  /** Chains worth asking Redis about: every organization (a whole chain may have been deleted) and every chain the tables know. */
  private async candidateChains(labels: Map<string, string>): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ chain_id: string }>(
      'SELECT `chain_id` FROM `audit_chain_heads` UNION SELECT DISTINCT `chain_id` FROM `audit_checkpoints`', { type: QueryTypes.SELECT });
    return [...new Set([...labels.keys(), ...rows.map((r) => String(r.chain_id))])].filter((id) => CHAIN_ID_PATTERN.test(id)).sort();
  }

  private async externalCheckpoints(chainIds: string[], allChains: boolean): Promise<ExternalCheckpoints> {
    const byChain: ExternalCheckpoints['byChain'] = new Map();
    const warnings: string[] = [];
    const add = (cp: SignedCheckpoint, source: CheckpointSource): void => {
      const list = byChain.get(cp.chain_id);
      if (list) list.push({ cp, source }); else byChain.set(cp.chain_id, [{ cp, source }]);
    };
    if (this.sink) {
      try {
        const read = await this.sink.read(allChains ? undefined : new Set(chainIds));
        for (const cp of read.checkpoints) add(cp, 'sink');
        if (read.unreadableLines > 0) warnings.push(`${read.unreadableLines} line(s) of the checkpoint sink are not checkpoints`);
      } catch (err) {
        warnings.push(`the checkpoint sink could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    try {
      for (const chainId of chainIds) {
        const cp = await readMirroredCheckpoint(this.cache, chainId);
        if (cp) add(cp, 'redis');
      }
    } catch {
      warnings.push('Redis could not be read: checkpoints mirrored there were not consulted');
    }
    return { byChain, warnings };
  }
}

interface MutableTrusted extends TrustedCheckpoint {
  sources: Set<CheckpointSource>;
}

/** Everything signed: two copies with the same key are the same checkpoint. */
function checkpointKey(cp: SignedCheckpoint): string {
  return `${cp.last_seq}|${cp.count}|${cp.head_hash}|${cp.merkle_root}|${cp.content_digest}|${cp.created_at}|${cp.key_id}|${cp.signature}`;
}

function chainOrder(chains: ChainReport[], chainId: string): number {
  const i = chains.findIndex((c) => c.chain_id === chainId);
  return i < 0 ? chains.length : i;
}
