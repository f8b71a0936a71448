import fs from 'node:fs';
import readline from 'node:readline';
import { GENESIS_HASH, type AuditEntry } from './audit-entry';
import { canonicalJson } from './canonical-json';
import { CheckpointKey, isWellFormedCheckpoint, type SignedCheckpoint } from './checkpoint-signer';
import { pickCheckpoint } from './checkpoint-sink';
import { ChainVerifier, type TrustedCheckpoint } from './chain-verifier';
import { CsvReader } from './csv';
import { nowIsoMicros } from './audit-time';
import { CSV_COLUMNS, EXPORT_FORMAT, sidecarPath, type ExportedChain, type ExportHeader } from './export-format';
import { ProblemCollector, type ChainReport, type VerifyReport } from './verify.types';

export interface ExportVerifyOptions {
  /** The auditor's copy of the checkpoint public key (PEM). Without it the key embedded in the export is used, with a warning. */
  publicKeyPem?: string;
}

export class ExportFormatError extends Error {}

interface ChainState {
  chain: ExportedChain;
  verifier: ChainVerifier;
  trusted: TrustedCheckpoint[];
}

/**
 * Verifies an audit export offline, with the checkpoint public key only: the checkpoints'
 * signatures, each segment's Merkle roots over the exported entries (content_digest binds every
 * column, merkle_root every hash), the previous_hash links and seq continuity, and that the file
 * holds every entry and checkpoint its header announces. The entries' HMACs need the secret
 * signing key and are not checked here; the signed roots stand in for them.
 */
export class ExportVerifier {
  async verify(file: string, options: ExportVerifyOptions = {}): Promise<VerifyReport> {
    const started = Date.now();
    const startedAt = nowIsoMicros();
    const isCsv = !(await startsWithBrace(file));
    const metaFile = isCsv ? sidecarPath(file) : file;
    if (isCsv && !fs.existsSync(metaFile)) throw new ExportFormatError(`a CSV export needs its checkpoints file ${metaFile}`);

    const problems = new ProblemCollector();
    const warnings: string[] = [];
    let header: ExportHeader | null = null;
    const checkpoints = new Map<string, SignedCheckpoint[]>();
    let end: { entries: number; checkpoints: number } | null = null;
    const states = new Map<string, ChainState>();
    let key: CheckpointKey | null = null;
    let current: ChainState | null = null;
    let entryCount = 0;
    let checkpointCount = 0;
    const finished: ChainReport[] = [];

    const begin = (): void => {
      if (!header) throw new ExportFormatError('the export has no header line');
      key = this.keyFor(header, options, warnings);
      for (const chain of header.chains) {
        const trusted: TrustedCheckpoint[] = [];
        for (const cp of checkpoints.get(chain.chain_id) ?? []) {
          if (key.verify(cp)) trusted.push({ cp, sources: new Set(['export']) });
          else problems.add({ chain_id: chain.chain_id, seq: cp.last_seq, kind: 'bad-checkpoint-signature', detail: `checkpoint at ${cp.last_seq}: ${cp.key_id !== key.keyId ? 'signed by another key' : 'signature does not verify'}` });
        }
        const verifier = new ChainVerifier({ chainId: chain.chain_id, hasher: null, checkpoints: trusted, fromSeq: chain.first_seq, anchorHash: chain.first_seq === 1 ? GENESIS_HASH : null, verbatimEventData: false, problems });
        states.set(chain.chain_id, { chain, verifier, trusted });
      }
    };
    const entry = (e: AuditEntry): void => {
      entryCount++;
      if (!current || current.chain.chain_id !== e.chain_id) {
        if (current) finished.push(this.finishChain(current, problems));
        const next = states.get(e.chain_id);
        if (!next) throw new ExportFormatError(`entry ${e.seq} belongs to chain ${e.chain_id}, which the header does not list`);
        states.delete(e.chain_id);
        current = next;
      }
      current.verifier.push(e);
    };

    // Header and checkpoints (the JSONL itself, or the CSV's sidecar).
    const metaLines = readline.createInterface({ input: fs.createReadStream(metaFile, 'utf8'), crlfDelay: Infinity });
    let lineNo = 0;
    let begun = false;
    for await (const line of metaLines) {
      lineNo++;
      if (!line.trim()) continue;
      let record: { type?: string } & Record<string, unknown>;
      try { record = JSON.parse(line) as typeof record; } catch { throw new ExportFormatError(`line ${lineNo} is not JSON`); }
      if (record.type === 'header') {
        if (record.format !== EXPORT_FORMAT) throw new ExportFormatError('not a Logbook audit export');
        header = record as unknown as ExportHeader;
      } else if (record.type === 'checkpoint') {
        if (begun) throw new ExportFormatError(`line ${lineNo}: checkpoints must come before the entries`);
        checkpointCount++;
        if (!isWellFormedCheckpoint(record as unknown as SignedCheckpoint)) {
          problems.add({ chain_id: String(record.chain_id ?? '?'), seq: Number(record.last_seq) || 0, kind: 'bad-checkpoint-signature', detail: `line ${lineNo}: not a well-formed checkpoint` });
          continue;
        }
        const cp = pickCheckpoint(record as unknown as SignedCheckpoint);
        const list = checkpoints.get(cp.chain_id);
        if (list) list.push(cp); else checkpoints.set(cp.chain_id, [cp]);
      } else if (record.type === 'entry') {
        if (isCsv) throw new ExportFormatError(`line ${lineNo}: entries belong in the CSV file`);
        if (!begun) { begin(); begun = true; }
        entry(fromJsonLine(record));
      } else if (record.type === 'end') {
        end = { entries: Number(record.entries), checkpoints: Number(record.checkpoints) };
      }
    }
    if (!begun) begin();

    if (isCsv) {
      const csv = new CsvReader();
      let columns: Array<string | null> | null = null;
      const handle = (records: Array<Array<string | null>>): void => {
        for (const r of records) {
          if (!columns) {
            columns = r;
            if (columns.join(',') !== CSV_COLUMNS.join(',')) throw new ExportFormatError('the CSV header row is not the audit export columns');
            continue;
          }
          entry(fromCsvRecord(r));
        }
      };
      for await (const chunk of fs.createReadStream(file, 'utf8')) handle(csv.push(chunk as string));
      handle(csv.end());
    }
    if (current) finished.push(this.finishChain(current, problems));
    for (const state of states.values()) finished.push(this.finishChain(state, problems));

    if (!end) problems.add({ chain_id: '-', seq: 0, kind: 'truncated', detail: 'the export has no end line: the file is incomplete' });
    else if (end.entries !== entryCount || end.checkpoints !== checkpointCount) {
      problems.add({ chain_id: '-', seq: 0, kind: 'truncated', detail: `the export announces ${end.entries} entries and ${end.checkpoints} checkpoints but holds ${entryCount} and ${checkpointCount}` });
    }
    return {
      intact: problems.count === 0, total_checked: entryCount, chains: finished, problems: problems.problems,
      problem_count: problems.count, problems_omitted: problems.omitted, warnings, started_at: startedAt, duration_ms: Date.now() - started,
    };
  }

  private keyFor(header: ExportHeader, options: ExportVerifyOptions, warnings: string[]): CheckpointKey {
    if (options.publicKeyPem) {
      const key = CheckpointKey.fromPem(options.publicKeyPem);
      if (key.keyId !== header.checkpoint_key_id) warnings.push(`the export names checkpoint key ${header.checkpoint_key_id}; verifying with ${key.keyId}`);
      return key;
    }
    warnings.push(`verified with the public key embedded in the export (key id ${header.checkpoint_key_id}); compare it with the key published by the installation (logbook audit public-key) or pass --public-key`);
    return CheckpointKey.fromPem(header.public_key_pem);
  }

  /** A chain's entries must run exactly first_seq..last_seq, and each must lie in a signed segment. */
  private finishChain(state: ChainState, problems: ProblemCollector): ChainReport {
    const { chain, trusted } = state;
    const result = state.verifier.finish();
    const last = result.lastSeq ?? chain.first_seq - 1;
    if (last < chain.last_seq) {
      problems.add({ chain_id: chain.chain_id, seq: last + 1, to_seq: chain.last_seq > last + 1 ? chain.last_seq : undefined, kind: 'truncated', detail: `the export should hold entries up to ${chain.last_seq}` });
    }
    // Coverage: the signed segments must tile first_seq..last_seq.
    let next = chain.first_seq;
    for (const t of [...trusted].sort((a, b) => a.cp.last_seq - b.cp.last_seq)) {
      const first = t.cp.last_seq - t.cp.count + 1;
      if (first > next) break;
      next = Math.max(next, t.cp.last_seq + 1);
    }
    if (next <= chain.last_seq) {
      problems.add({ chain_id: chain.chain_id, seq: next, to_seq: chain.last_seq, kind: 'checkpoint-mismatch', detail: `entries ${next}..${chain.last_seq} are not covered by a valid checkpoint in the export` });
    }
    return {
      chain_id: chain.chain_id, organization_id: chain.organization_id, label: chain.label, checked: result.checked,
      first_seq: result.firstSeq, last_seq: result.lastSeq, first_id: result.firstId, last_id: result.lastId,
      head_seq: chain.last_seq, checkpoints_checked: result.checkpointsChecked,
      newest_checkpoint_seq: trusted.length ? Math.max(...trusted.map((t) => t.cp.last_seq)) : null,
      problem_count: problems.countFor(chain.chain_id),
    };
  }
}

async function startsWithBrace(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(1);
    const { bytesRead } = await handle.read(buf, 0, 1, 0);
    return bytesRead === 1 && buf[0] === 0x7b;
  } finally {
    await handle.close();
  }
}

const nullable = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function fromJsonLine(r: Record<string, unknown>): AuditEntry {
  return {
    id: String(r.id), chain_id: String(r.chain_id), seq: Number(r.seq), timestamp: String(r.timestamp),
    event_type: String(r.event_type), event_category: String(r.event_category), severity: String(r.severity) as AuditEntry['severity'],
    organization_id: nullable(r.organization_id), user_id: nullable(r.user_id), username: nullable(r.username),
    session_id: nullable(r.session_id), ip_address: nullable(r.ip_address), user_agent: nullable(r.user_agent),
    request_id: nullable(r.request_id), resource_type: nullable(r.resource_type), resource_id: nullable(r.resource_id),
    outcome: String(r.outcome) as AuditEntry['outcome'],
    event_data: typeof r.event_data === 'string' ? r.event_data : canonicalJson(r.event_data ?? {}),
    previous_hash: String(r.previous_hash), current_hash: String(r.current_hash), hash_version: Number(r.hash_version), key_id: String(r.key_id),
  };
}

function fromCsvRecord(cells: Array<string | null>): AuditEntry {
  if (cells.length !== CSV_COLUMNS.length) throw new ExportFormatError(`a CSV row has ${cells.length} cells instead of ${CSV_COLUMNS.length}`);
  const r: Record<string, unknown> = {};
  CSV_COLUMNS.forEach((c, i) => { r[c] = cells[i]; });
  return fromJsonLine(r);
}
