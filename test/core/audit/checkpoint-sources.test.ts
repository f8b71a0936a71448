import crypto from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { AuditService } from '../../../core/audit/audit.service';
import { AppendedRuns, type AppendedRun } from '../../../core/audit/appended-runs';
import type { ProblemKind, VerifyReport } from '../../../core/audit/verify.types';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { TEST_DATA_DIR } from '../../support/env';
import { appendEvents, auditServiceWith, chainEntries, event, exec, sql, withoutAuditTriggers } from './support/audit-fixtures';

function hasProblem(report: VerifyReport, kind: ProblemKind, seq: number): boolean {
  return report.problems.some((p) => p.kind === kind && p.seq <= seq && seq <= (p.to_seq ?? p.seq));
}

/**
 * The checkpoint writer signs entries its own process appended (and saw commit) from memory, and
 * reads back and checks only the others. Two AuditService instances on one database stand for two
 * server processes: each has its own memory of what it appended; the concurrency tests run real
 * separate processes.
 */
describe('audit log: checkpoints from remembered and read-back entries', () => {
  let kernel: Kernel;
  /** Count trigger out of the way: these tests call checkpointChain() themselves and read where the entries came from. */
  let a: AuditService;
  let b: AuditService;

  before(async () => {
    kernel = await getTestKernel();
    a = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '1000' });
    b = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '1000' });
  });

  async function tableCheckpoints(chainId: string): Promise<Array<{ last_seq: number; count: number }>> {
    return (await sql<{ last_seq: number; count: number }>(kernel, 'SELECT last_seq, count FROM audit_checkpoints WHERE chain_id = ? ORDER BY last_seq', [chainId]))
      .map((r) => ({ last_seq: Number(r.last_seq), count: Number(r.count) }));
  }

  const update = (text: string, params: unknown[]) => withoutAuditTriggers(kernel, () => exec(kernel, text, params));

  /**
   * After a unit of `a` that wrote seqs 3-5 and then failed: nothing new is remembered, only seqs
   * 1-2 stand, and when another process takes 3-5, `a` reads those back (never its own rolled-back
   * entries) and signs a checkpoint that verifies.
   */
  async function expectOnlyCommittedRemembered(orgId: string, rememberedBefore: number): Promise<void> {
    expect(a.checkpoints.rememberedChars).to.equal(rememberedBefore);
    expect((await chainEntries(kernel, orgId)).map((e) => e.seq)).to.deep.equal([1, 2]);
    await appendEvents(kernel, b, orgId, 3, 3);
    const [cp] = await a.checkpointChain(orgId);
    expect(cp).to.include({ last_seq: 5, count: 5 });
    expect(a.checkpoints.lastSources).to.deep.equal({ chainId: orgId, remembered: 2, readBack: 3, fellBack: false });
    expect((await a.verify({ chainIds: [orgId] })).problems).to.deep.equal([]);
  }

  it('when two processes append to one chain in turn, then each signs its own entries from memory, reads back only the other\'s, and the checkpoints verify', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 3, 3); // 1-3 by a
    await appendEvents(kernel, b, org.id, 4, 2); // 4-7 by b
    await appendEvents(kernel, a, org.id, 5, 5); // 8-12 by a
    await appendEvents(kernel, b, org.id, 1, 1); // 13 by b
    const first = await a.checkpointChain(org.id);
    expect(first.map((c) => [c.last_seq, c.count])).to.deep.equal([[13, 13]]);
    expect(a.checkpoints.lastSources).to.deep.equal({ chainId: org.id, remembered: 8, readBack: 5, fellBack: false });

    // The other process continues from a's checkpoint: now a's entries are the ones read back.
    await appendEvents(kernel, a, org.id, 2, 2); // 14-15 by a
    await appendEvents(kernel, b, org.id, 3, 3); // 16-18 by b
    const second = await b.checkpointChain(org.id);
    expect(second.map((c) => [c.last_seq, c.count])).to.deep.equal([[18, 5]]);
    expect(b.checkpoints.lastSources).to.deep.equal({ chainId: org.id, remembered: 3, readBack: 2, fellBack: false });

    const report = await a.verify({ chainIds: [org.id] });
    expect(report.problems).to.deep.equal([]);
    expect(report.chains[0]).to.include({ checked: 18, checkpoints_checked: 2 });
    // Signed from memory or from the rows, the checkpoint is the one the rows give: a writer that appended nothing agrees.
    const c = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '1000' });
    await appendEvents(kernel, a, org.id, 1, 1);
    const third = await c.checkpointChain(org.id);
    expect(c.checkpoints.lastSources).to.deep.equal({ chainId: org.id, remembered: 0, readBack: 1, fellBack: false });
    expect(third.map((cp) => cp.last_seq)).to.deep.equal([19]);
    expect((await a.verify({ chainIds: [org.id] })).intact).to.equal(true);
  });

  it('when two processes append concurrently with the count trigger on, then every segment is signed once and the chain with its checkpoints verifies', async function () {
    this.timeout(60_000);
    const org = await createOrganization();
    const sink = path.join(TEST_DATA_DIR, `sources-${crypto.randomBytes(3).toString('hex')}.jsonl`);
    const p = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '25', AUDIT_CHECKPOINT_SINK: sink });
    const q = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '25', AUDIT_CHECKPOINT_SINK: sink });
    // 4 writers per "process", batches of 1-7, so their runs interleave on the chain.
    await Promise.all([p, q].flatMap((service, s) => Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 12; i++) await appendEvents(kernel, service, org.id, 1 + ((s + w + i) % 7), 7);
    })));
    await Promise.all([p.drain(), q.drain()]);
    const [{ n }] = await sql<{ n: number }>(kernel, 'SELECT COUNT(*) AS n FROM audit_logs WHERE chain_id = ?', [org.id]);
    const total = Number(n);
    const checkpoints = await tableCheckpoints(org.id);
    expect(checkpoints.length).to.be.at.least(Math.floor(total / 25) - 1);
    // Contiguous segments: each starts right after the one before, none overlap.
    let end = 0;
    for (const cp of checkpoints) {
      expect(cp.last_seq - cp.count, `segment ending at ${cp.last_seq}`).to.equal(end);
      end = cp.last_seq;
    }
    const report = await p.verify({ chainIds: [org.id] });
    expect(report.problems).to.deep.equal([]);
    expect(report.chains[0].checked).to.equal(total);
    expect(report.chains[0].checkpoints_checked).to.equal(checkpoints.length);
  });

  it('when another process\'s entry between ours was edited, then it is read back, fails its HMAC and no checkpoint is signed', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 3, 3); // 1-3 by a
    await appendEvents(kernel, b, org.id, 3, 3); // 4-6 by b
    await appendEvents(kernel, a, org.id, 3, 3); // 7-9 by a
    await update("UPDATE audit_logs SET username = 'mallory' WHERE chain_id = ? AND seq = 5", [org.id]);
    expect(await a.checkpointChain(org.id)).to.deep.equal([]);
    expect(a.checkpoints.lastSources).to.deep.include({ remembered: 3, readBack: 1, fellBack: false });
    expect(await tableCheckpoints(org.id)).to.deep.equal([]);
  });

  it('when another process\'s entry does not link to ours, then the writer forgets what it remembers, checks the rows and still signs nothing', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 3, 3); // 1-3 by a
    await appendEvents(kernel, b, org.id, 3, 3); // 4-6 by b
    // b's first entry re-pointed: it no longer links to a's entry 3 (the HMAC is left as it was).
    await update('UPDATE audit_logs SET previous_hash = ? WHERE chain_id = ? AND seq = 4', ['f'.repeat(64), org.id]);
    expect(await a.checkpointChain(org.id)).to.deep.equal([]);
    expect(a.checkpoints.lastSources).to.deep.include({ fellBack: true });
    expect(await tableCheckpoints(org.id)).to.deep.equal([]);
  });

  it('when a row of ours is edited after its commit, then the checkpoint signs what was committed and verify reports the row and the mismatch; a writer that did not append it refuses', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 6, 3);
    const original = (await chainEntries(kernel, org.id))[1];
    await update("UPDATE audit_logs SET username = 'mallory' WHERE chain_id = ? AND seq = 2", [org.id]);

    // Another process, which only has the rows, will not sign over the edit.
    const other = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '1000' });
    expect(await other.checkpointChain(org.id)).to.deep.equal([]);
    expect(other.checkpoints.lastSources).to.deep.include({ remembered: 0, fellBack: false });

    // The process that appended it signs the committed entries, not the edited row.
    const [cp] = await a.checkpointChain(org.id);
    expect(a.checkpoints.lastSources).to.deep.equal({ chainId: org.id, remembered: 6, readBack: 0, fellBack: false });
    expect(cp).to.include({ last_seq: 6, count: 6 });
    const report = await a.verify({ chainIds: [org.id] });
    expect(report.intact).to.equal(false);
    expect(hasProblem(report, 'modified', 2), JSON.stringify(report.problems)).to.equal(true);
    expect(report.problems.some((p) => p.kind === 'checkpoint-mismatch'), JSON.stringify(report.problems)).to.equal(true);
    // Put back, the row matches the signed checkpoint again: it pinned the original.
    await update('UPDATE audit_logs SET username = ? WHERE chain_id = ? AND seq = 2', [original.username, org.id]);
    expect((await a.verify({ chainIds: [org.id] })).problems).to.deep.equal([]);
  });

  it('when a transaction rolls back after its entries were inserted, then they are never remembered, and the next entries at those seqs are signed correctly', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 2, 2);
    const before = a.checkpoints.rememberedChars;
    const failure = await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) a.record(tx, event(org.id, 100 + i));
      // Runs after the audit flush: the entries are inserted and the head moved, then the unit fails.
      kernel.db.beforeCommit(tx, async () => { throw new Error('a later step failed'); });
    }).then(() => null, (err: Error) => err);
    expect(failure?.message).to.equal('a later step failed');
    await expectOnlyCommittedRemembered(org.id, before);
  });

  it('when COMMIT itself fails after the entries were inserted, then they are never remembered (Sequelize\'s afterCommit hooks run anyway; ours do not)', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 2, 2);
    const before = a.checkpoints.rememberedChars;
    // Sequelize console.warns about the failed COMMIT; kept out of the test output.
    const warn = console.warn;
    console.warn = () => undefined;
    const failure = await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) a.record(tx, event(org.id, 200 + i));
      const [{ id }] = await kernel.db.sequelize.query<{ id: number }>('SELECT CONNECTION_ID() AS id', { transaction: tx, type: QueryTypes.SELECT });
      // After the audit flush: the transaction's connection is killed, so the COMMIT that follows fails and the server rolls back.
      kernel.db.beforeCommit(tx, async () => {
        await exec(kernel, `KILL CONNECTION ${Number(id)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
    }).then(() => null, (err: Error) => err).finally(() => { console.warn = warn; });
    expect(failure).to.be.instanceOf(Error);
    await expectOnlyCommittedRemembered(org.id, before);
  });

  it('when a checkpoint covers what was remembered, then it is forgotten', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, a, org.id, 4, 4);
    const held = a.checkpoints.rememberedChars;
    expect(held).to.be.greaterThan(0);
    await appendEvents(kernel, a, org.id, 2, 2);
    expect(a.checkpoints.rememberedChars).to.be.greaterThan(held);
    await a.checkpointChain(org.id);
    // Whatever other chains' tests left behind stays; this chain's runs are gone.
    expect(a.checkpoints.rememberedChars).to.be.lessThan(held);
  });
});

describe('audit log: AppendedRuns (what a process remembers of its own appends)', () => {
  const run = (firstSeq: number, n: number, previousHash = `p${firstSeq}`, chainId = 'c'): AppendedRun => ({
    chainId, firstSeq, previousHash,
    hashes: Array.from({ length: n }, (_, i) => `h${firstSeq + i}`),
    canonicals: Array.from({ length: n }, (_, i) => `[${firstSeq + i}]`.padEnd(10, ' ')),
  });
  const seqs = (runs: AppendedRuns, from: number) => [...runs.from('c', from)].map((e) => e.seq);

  it('when runs are remembered, then entries come back in seq order with their links, up to the first gap', () => {
    const runs = new AppendedRuns(1000);
    runs.remember(run(4, 2, 'h3'));
    runs.remember(run(1, 3, 'g'));
    runs.remember(run(8, 2, 'h7'));
    expect(seqs(runs, 1)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(seqs(runs, 2)).to.deep.equal([2, 3, 4, 5]);
    expect(seqs(runs, 6)).to.deep.equal([]);
    expect(runs.nextAfter('c', 5)).to.equal(8);
    expect(runs.nextAfter('c', 8)).to.equal(9);
    expect(runs.nextAfter('c', 9)).to.equal(null);
    expect([...runs.from('c', 1)].slice(0, 4).map((e) => [e.previousHash, e.hash])).to.deep.equal([['g', 'h1'], ['h1', 'h2'], ['h2', 'h3'], ['h3', 'h4']]);
    expect(runs.size).to.equal(70);
    runs.forgetThrough('c', 4); // the run 1-3 only: 4-5 is not wholly covered
    expect(seqs(runs, 4)).to.deep.equal([4, 5]);
    expect(runs.size).to.equal(40);
    runs.forget('c');
    expect(runs.size).to.equal(0);
  });

  it('when a run overlaps remembered seqs, then it replaces them; a run over the bound is not remembered', () => {
    const runs = new AppendedRuns(50);
    runs.remember(run(1, 3));
    runs.remember(run(3, 2, 'other'));
    expect([...runs.from('c', 1)].map((e) => e.seq)).to.deep.equal([]);
    expect([...runs.from('c', 3)].map((e) => [e.seq, e.previousHash])).to.deep.equal([[3, 'other'], [4, 'h3']]);
    expect(runs.size).to.equal(20);
    runs.remember(run(5, 4)); // 40 more: over 50
    expect(seqs(runs, 5)).to.deep.equal([]);
    expect(runs.size).to.equal(20);
    runs.remember(run(5, 3)); // 30 more: fits exactly
    expect(seqs(runs, 3)).to.deep.equal([3, 4, 5, 6, 7]);
    expect(runs.size).to.equal(50);
  });
});
