import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { isWellFormedCheckpoint, type SignedCheckpoint } from './checkpoint-signer';

export interface SinkReadResult {
  checkpoints: SignedCheckpoint[];
  /** Lines that were not a well-formed checkpoint (a torn write, or tampering). */
  unreadableLines: number;
}

/**
 * AUDIT_CHECKPOINT_SINK: an append-only file of checkpoints, one JSON object per line. Point it at
 * storage the database account cannot reach (another host's mount, a WORM volume, a file shipped
 * to a SIEM): it is what still holds the truth after someone restores or truncates the database.
 */
export class CheckpointSink {
  constructor(readonly file: string) {}

  async append(checkpoints: readonly SignedCheckpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    // One write with O_APPEND: lines from several processes never interleave mid-line.
    const text = checkpoints.map((cp) => JSON.stringify(cp)).join('\n') + '\n';
    await fs.promises.appendFile(this.file, text, { mode: 0o600, flag: 'a' });
  }

  /**
   * The newest `keepPerChain` checkpoints of each chain in the file (optionally only some chains),
   * read line by line: the file may hold years of checkpoints, and what it adds to the database's
   * own is the newest ones (truncation, rollback). A missing file reads as empty.
   */
  async read(chainIds?: ReadonlySet<string>, keepPerChain = 3): Promise<SinkReadResult> {
    const result: SinkReadResult = { checkpoints: [], unreadableLines: 0 };
    if (!fs.existsSync(this.file)) return result;
    const newest = new Map<string, SignedCheckpoint[]>();
    const lines = readline.createInterface({ input: fs.createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let parsed: unknown;
      try { parsed = JSON.parse(line); } catch { result.unreadableLines++; continue; }
      if (!isWellFormedCheckpoint(parsed as Partial<SignedCheckpoint>)) { result.unreadableLines++; continue; }
      const cp = pickCheckpoint(parsed as SignedCheckpoint);
      if (chainIds && !chainIds.has(cp.chain_id)) continue;
      const kept = newest.get(cp.chain_id) ?? [];
      kept.push(cp);
      kept.sort((a, b) => b.last_seq - a.last_seq);
      if (kept.length > keepPerChain) kept.length = keepPerChain;
      newest.set(cp.chain_id, kept);
    }
    for (const kept of newest.values()) result.checkpoints.push(...kept);
    return result;
  }
}

/** Only the signed fields (a sink line or Redis value may carry extra keys). */
export function pickCheckpoint(cp: SignedCheckpoint): SignedCheckpoint {
  return {
    chain_id: cp.chain_id, last_seq: cp.last_seq, count: cp.count, head_hash: cp.head_hash, merkle_root: cp.merkle_root,
    content_digest: cp.content_digest, created_at: cp.created_at, key_id: cp.key_id, signature: cp.signature,
  };
}
