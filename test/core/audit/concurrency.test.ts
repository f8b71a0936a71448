import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { AuditService } from '../../../core/audit/audit.service';
import { GENESIS_HASH } from '../../../core/audit/audit-entry';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { chainEntries, event } from './support/audit-fixtures';
import type { WriterPlan } from './support/audit-writer';

const WRITER = path.join(__dirname, 'support', 'audit-writer.ts');

function startWriter(plan: WriterPlan): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', WRITER, JSON.stringify(plan)], {
    cwd: path.resolve(__dirname, '..', '..', '..'), env: process.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Gapless 1..n, each entry linked to the one before: no fork, no gap. */
async function expectGaplessChain(kernel: Kernel, chainId: string, count: number): Promise<void> {
  const entries = await chainEntries(kernel, chainId);
  expect(entries).to.have.length(count);
  let previous = GENESIS_HASH;
  entries.forEach((e, i) => {
    expect(e.seq).to.equal(i + 1);
    expect(e.previous_hash, `link at ${e.seq}`).to.equal(previous);
    previous = e.current_hash;
  });
}

describe('audit log: concurrent writers in several processes', function () {
  this.timeout(120_000);
  let kernel: Kernel;
  let audit: AuditService;

  before(async () => {
    kernel = await getTestKernel();
    audit = kernel.container.get(AuditService);
  });

  async function runWriters(processes: number, plan: WriterPlan): Promise<number> {
    const runs = Array.from({ length: processes }, () => startWriter(plan));
    const results = await Promise.all(runs.map((r) => r.done));
    let appended = 0;
    for (const r of results) {
      expect(r.code, r.stderr).to.equal(0);
      appended += (JSON.parse(r.stdout.trim().split('\n').pop()!) as { appended: number }).appended;
    }
    return appended;
  }

  it('when 4 processes × 8 writers append 500 events each across two organizations (batches of 50, then single-event transactions), then both chains are gapless, fork-free and verify', async () => {
    const a = await createOrganization('Concurrent A');
    const b = await createOrganization('Concurrent B');
    // Each writer: 500 events in transactions of 50 spread over both chains, then 10 one-event transactions.
    const appended = await runWriters(4, { organizationIds: [a.id, b.id], writers: 8, events: 500, perTx: 50, thenSingles: 10 });
    expect(appended).to.equal(4 * 8 * 510);
    await expectGaplessChain(kernel, a.id, 4 * 8 * 255);
    await expectGaplessChain(kernel, b.id, 4 * 8 * 255);
    const report = await audit.verify({ chainIds: [a.id, b.id] });
    expect(report.problems).to.deep.equal([]);
    expect(report.intact).to.equal(true);
    expect(report.total_checked).to.equal(4 * 8 * 510);
    // The writers' count trigger (every 1000) signed the chains as they grew.
    expect(report.chains.every((c) => (c.newest_checkpoint_seq ?? 0) >= 7000)).to.equal(true);
  });

  it('when a writer is killed while holding the chain lock, then none of its entries remain, a waiting writer proceeds and the chain verifies', async () => {
    const org = await createOrganization('Killed');
    await audit.recordStandalone(event(org.id, 1));
    const hung = startWriter({ organizationIds: [org.id], writers: 1, events: 0, perTx: 5, hang: true });
    await new Promise<void>((resolve, reject) => {
      hung.child.once('message', () => resolve());
      void hung.done.then((r) => reject(new Error(`writer exited early: ${r.stderr}`)));
    });
    // Someone else appends to the same chain meanwhile: it must wait for the lock, not fork.
    let waitingDone = false;
    const waiting = audit.recordStandalone(event(org.id, 2)).then(() => { waitingDone = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(waitingDone).to.equal(false);
    hung.child.kill('SIGKILL');
    await hung.done;
    await waiting;
    const entries = await chainEntries(kernel, org.id);
    expect(entries.map((e) => [e.seq, e.event_type])).to.deep.equal([[1, 'test.event'], [2, 'test.event']]);
    await expectGaplessChain(kernel, org.id, 2);
    expect((await audit.verify({ chainIds: [org.id] })).intact).to.equal(true);
  });
});
