import crypto from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import type { AuditService } from '../../../core/audit/audit.service';
import { HASHED_COLUMNS, type AuditEntry } from '../../../core/audit/audit-entry';
import { EntryHasher } from '../../../core/audit/entry-hash';
import { isoToDb } from '../../../core/audit/audit-time';
import type { ProblemKind, VerifyReport } from '../../../core/audit/verify.types';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { TEST_DATA_DIR } from '../../support/env';
import { appendEvents, auditServiceWith, chainEntries, exec, sql, withoutAuditTriggers } from './support/audit-fixtures';

function find(report: VerifyReport, kind: ProblemKind, seq: number): boolean {
  return report.problems.some((p) => p.kind === kind && p.seq <= seq && seq <= (p.to_seq ?? p.seq));
}

function expectProblem(report: VerifyReport, kind: ProblemKind, seq: number, context = ''): void {
  expect(report.intact, context).to.equal(false);
  expect(find(report, kind, seq), `${context}: expected ${kind} at ${seq} in ${JSON.stringify(report.problems)}`).to.equal(true);
}

/** What an attacker with full database rights (and no keys) does, with the triggers out of the way. */
describe('audit log: tamper matrix (MariaDB)', () => {
  let kernel: Kernel;
  let audit: AuditService;

  before(async () => {
    kernel = await getTestKernel();
    audit = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '10', AUDIT_CHECKPOINT_SINK: path.join(TEST_DATA_DIR, `tamper-${crypto.randomBytes(3).toString('hex')}.jsonl`) });
  });

  /** A fresh chain of `count` entries, checkpointed every 10 (table, Redis, sink), verified intact. */
  async function freshChain(count = 30): Promise<string> {
    const org = await createOrganization();
    await appendEvents(kernel, audit, org.id, count, 5);
    await audit.drain();
    const report = await audit.verify({ chainIds: [org.id] });
    expect(report.problems).to.deep.equal([]);
    expect(report.chains[0].checked).to.equal(count);
    expect(report.chains[0].checkpoints_checked).to.be.at.least(Math.floor(count / 10));
    return org.id;
  }

  const verify = async (chainId: string) => {
    const report = await audit.verify({ chainIds: [chainId] });
    if (process.env.AUDIT_TEST_DEBUG) console.log(JSON.stringify(report.problems.map((p) => [p.kind, p.seq, p.to_seq, p.detail])));
    return report;
  };
  const update = (sqlText: string, params: unknown[]) => withoutAuditTriggers(kernel, () => exec(kernel, sqlText, params));

  it('when the triggers are in place, then UPDATE and DELETE on audit_logs and audit_checkpoints are rejected', async () => {
    const chain = await freshChain(10);
    for (const statement of [
      'UPDATE audit_logs SET username = ? WHERE chain_id = ?',
      'DELETE FROM audit_logs WHERE chain_id = ? AND 1 = ?',
      'UPDATE audit_checkpoints SET count = ? WHERE chain_id = ?',
      'DELETE FROM audit_checkpoints WHERE chain_id = ? AND 1 = ?',
    ]) {
      const params = statement.startsWith('UPDATE') ? [statement.includes('count') ? 1 : 'mallory', chain] : [chain, 1];
      const err = await exec(kernel, statement, params).then(() => null, (e: { original?: { sqlState?: string; sqlMessage?: string } }) => e);
      expect(err, statement).not.to.equal(null);
      expect(err!.original?.sqlState).to.equal('45000');
      expect(err!.original?.sqlMessage).to.match(/append-only/);
    }
    expect((await verify(chain)).intact).to.equal(true);
  });

  it('when any single column of an entry is edited, then that entry is reported with its seq and kind', async () => {
    const chain = await freshChain(30);
    const [target] = (await chainEntries(kernel, chain)).filter((e) => e.seq === 5);
    const replacement = (column: keyof AuditEntry): unknown => {
      switch (column) {
        case 'chain_id': return 'moved-chain';
        case 'seq': return 1000;
        case 'timestamp': return isoToDb('2020-01-01T00:00:00.000001Z', 'mysql');
        case 'severity': return 'critical';
        case 'outcome': return 'failure';
        case 'organization_id': return crypto.randomUUID();
        case 'session_id': return 'b'.repeat(64);
        case 'event_data': return '{"changed":["nothing"],"n":4}';
        case 'previous_hash': case 'current_hash': return 'f'.repeat(64);
        case 'hash_version': return 2;
        case 'key_id': return '0123456789abcdef';
        default: return `${String(target[column] ?? '')}-forged`;
      }
    };
    const expected = (column: string): ProblemKind => (column === 'chain_id' || column === 'seq' ? 'deleted' : 'modified');
    await withoutAuditTriggers(kernel, async () => {
      for (const column of [...HASHED_COLUMNS, 'current_hash'] as Array<keyof AuditEntry>) {
        const original = column === 'timestamp' ? isoToDb(target.timestamp, 'mysql') : target[column];
        await exec(kernel, `UPDATE audit_logs SET \`${column}\` = ? WHERE id = ?`, [replacement(column), target.id]);
        try {
          expectProblem(await verify(chain), expected(column), 5, column);
        } finally {
          await exec(kernel, `UPDATE audit_logs SET \`${column}\` = ? WHERE id = ?`, [original, target.id]);
        }
      }
    });
    expect((await verify(chain)).problems).to.deep.equal([]);
  });

  it('when an entry in the middle is deleted, then a gap is reported at its seq', async () => {
    const chain = await freshChain(30);
    await update('DELETE FROM audit_logs WHERE chain_id = ? AND seq = 15', [chain]);
    const report = await verify(chain);
    expectProblem(report, 'deleted', 15);
    expect(report.problems.find((p) => p.kind === 'deleted')).to.include({ seq: 15, detail: 'entry 15 is missing' });
  });

  it('when the last entries are deleted, then truncation is reported from the checkpoints, even with the head and table checkpoint fixed up', async () => {
    const chain = await freshChain(30);
    await update('DELETE FROM audit_logs WHERE chain_id = ? AND seq >= 28', [chain]);
    expectProblem(await verify(chain), 'truncated', 28, 'rows only');

    // A careful attacker also moves the head back and drops the checkpoint from the table: Redis and the sink still know.
    const [tail] = (await chainEntries(kernel, chain)).slice(-1);
    await update('UPDATE audit_chain_heads SET last_seq = ?, last_hash = ? WHERE chain_id = ?', [27, tail.current_hash, chain]);
    await update('DELETE FROM audit_checkpoints WHERE chain_id = ? AND last_seq = 30', [chain]);
    const report = await verify(chain);
    expectProblem(report, 'truncated', 28, 'head and checkpoint fixed');
    expect(report.problems.find((p) => p.kind === 'truncated')?.detail).to.match(/redis, sink|sink, redis/);
  });

  it('when two entries are swapped, then both are reported modified and the order break is reported', async () => {
    const chain = await freshChain(30);
    await update('UPDATE audit_logs SET seq = -12 WHERE chain_id = ? AND seq = 12', [chain]);
    await update('UPDATE audit_logs SET seq = 12 WHERE chain_id = ? AND seq = 13', [chain]);
    await update('UPDATE audit_logs SET seq = 13 WHERE chain_id = ? AND seq = -12', [chain]);
    const report = await verify(chain);
    expectProblem(report, 'modified', 12);
    expectProblem(report, 'modified', 13);
    expectProblem(report, 'inserted-or-reordered', 12);
  });

  it('when a forged entry is inserted in the middle, then it is reported modified and the next one out of order', async () => {
    const chain = await freshChain(30);
    const entries = await chainEntries(kernel, chain);
    const forger = new EntryHasher('attacker-key');
    const forged = { ...entries[14], seq: 16, username: 'mallory', previous_hash: entries[14].current_hash, event_data: '{"changed":["role"]}' };
    forged.current_hash = forger.hash(forged);
    await withoutAuditTriggers(kernel, async () => {
      // Make room: every later entry moves up one, as an insertion would need.
      for (let seq = 30; seq >= 16; seq--) await exec(kernel, 'UPDATE audit_logs SET seq = ? WHERE chain_id = ? AND seq = ?', [seq + 1, chain, seq]);
      const columns = [...HASHED_COLUMNS, 'current_hash'] as const;
      await exec(kernel, `INSERT INTO audit_logs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((c) => (c === 'timestamp' ? isoToDb(forged.timestamp, 'mysql') : forged[c])));
    });
    const report = await verify(chain);
    expectProblem(report, 'modified', 16);
    expectProblem(report, 'inserted-or-reordered', 17);
  });

  it('when a forged entry is appended at the tail with the head moved, then it is reported modified', async () => {
    const chain = await freshChain(20);
    const entries = await chainEntries(kernel, chain);
    const forged = { ...entries[19], seq: 21, previous_hash: entries[19].current_hash, event_type: 'member.deleted' };
    forged.current_hash = new EntryHasher('attacker-key').hash(forged);
    const columns = [...HASHED_COLUMNS, 'current_hash'] as const;
    await exec(kernel, `INSERT INTO audit_logs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((c) => (c === 'timestamp' ? isoToDb(forged.timestamp, 'mysql') : forged[c])));
    await exec(kernel, 'UPDATE audit_chain_heads SET last_seq = 21, last_hash = ? WHERE chain_id = ?', [forged.current_hash, chain]);
    expectProblem(await verify(chain), 'modified', 21);
  });

  it('when the whole chain is recomputed with another key, then every entry is reported modified and the checkpoints disagree', async () => {
    const chain = await freshChain(30);
    const entries = await chainEntries(kernel, chain);
    const forger = new EntryHasher('attacker-key');
    await withoutAuditTriggers(kernel, async () => {
      let previous = entries[0].previous_hash;
      for (const e of entries) {
        const rewritten = { ...e, username: 'mallory', previous_hash: previous };
        rewritten.current_hash = forger.hash(rewritten);
        await exec(kernel, 'UPDATE audit_logs SET username = ?, previous_hash = ?, current_hash = ? WHERE id = ?', ['mallory', previous, rewritten.current_hash, e.id]);
        previous = rewritten.current_hash;
      }
      await exec(kernel, 'UPDATE audit_chain_heads SET last_hash = ? WHERE chain_id = ?', [previous, chain]);
    });
    const report = await verify(chain);
    for (let seq = 1; seq <= 30; seq++) expect(find(report, 'modified', seq), `seq ${seq}`).to.equal(true);
    expectProblem(report, 'checkpoint-mismatch', 10);
    expectProblem(report, 'checkpoint-mismatch', 30);
    // Merged into ranges: a recomputed chain does not flood the report.
    expect(report.problems.length).to.be.below(12);
  });

  it('when a checkpoint in the table is forged, then its signature is reported bad', async () => {
    const chain = await freshChain(20);
    await update("UPDATE audit_checkpoints SET head_hash = ? WHERE chain_id = ? AND last_seq = 20", ['e'.repeat(64), chain]);
    expectProblem(await verify(chain), 'bad-checkpoint-signature', 20);
  });

  it('when an older copy of the tables is restored, then the rollback is caught by the checkpoints in Redis and the sink', async () => {
    const chain = await freshChain(20);
    const tag = crypto.randomBytes(3).toString('hex');
    await exec(kernel, `CREATE TABLE bak_logs_${tag} AS SELECT * FROM audit_logs WHERE chain_id = ?`, [chain]);
    await exec(kernel, `CREATE TABLE bak_heads_${tag} AS SELECT * FROM audit_chain_heads WHERE chain_id = ?`, [chain]);
    await exec(kernel, `CREATE TABLE bak_cps_${tag} AS SELECT * FROM audit_checkpoints WHERE chain_id = ?`, [chain]);
    await appendEvents(kernel, audit, chain, 10, 5);
    await audit.drain();
    expect((await verify(chain)).intact).to.equal(true);

    const restore = () => withoutAuditTriggers(kernel, async () => {
      for (const [table, bak] of [['audit_logs', 'logs'], ['audit_chain_heads', 'heads'], ['audit_checkpoints', 'cps']]) {
        await exec(kernel, `DELETE FROM ${table} WHERE chain_id = ?`, [chain]);
        await exec(kernel, `INSERT INTO ${table} SELECT * FROM bak_${bak}_${tag}`);
      }
    });
    try {
      await restore();
      const report = await verify(chain);
      expectProblem(report, 'rolled-back', 30);
      expectProblem(report, 'truncated', 21);

      // The database goes on from the restored state: the fork is caught at the outside checkpoint's seq.
      await appendEvents(kernel, audit, chain, 12, 4);
      await audit.drain();
      const forked = await verify(chain);
      expectProblem(forked, 'rolled-back', 30, 'restored then continued');

      // Without Redis, the sink alone still tells.
      await restore();
      await kernel.cache.forOrganization(chain).del('audit:checkpoint:latest');
      expectProblem(await verify(chain), 'rolled-back', 30, 'sink only');
    } finally {
      for (const bak of ['logs', 'heads', 'cps']) await exec(kernel, `DROP TABLE IF EXISTS bak_${bak}_${tag}`);
    }
  });

  it('when the database holds no tampering, then --from/--to ranges verify on their own, linked to the entry before', async () => {
    const chain = await freshChain(30);
    const report = await audit.verify({ chainIds: [chain], fromSeq: 12, toSeq: 25 });
    expect(report.problems).to.deep.equal([]);
    expect(report.chains[0]).to.include({ checked: 14, first_seq: 12, last_seq: 25 });
    const rows = await sql<{ n: number }>(kernel, 'SELECT COUNT(*) AS n FROM audit_logs WHERE chain_id = ?', [chain]);
    expect(Number(rows[0].n)).to.equal(30);
  });
});
