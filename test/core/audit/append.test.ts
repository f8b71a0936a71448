import { expect } from 'chai';
import { Organization } from '../../../core/identity/models/organization.model';
import { AUDIT_RECORDER } from '../../../core/audit/audit.types';
import { AuditService } from '../../../core/audit/audit.service';
import { GENESIS_HASH, INSTALLATION_CHAIN_ID } from '../../../core/audit/audit-entry';
import { AuditEventError, hashSessionId } from '../../../core/audit/normalize-event';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { chainEntries, event, exec, sql } from './support/audit-fixtures';

describe('audit log: appending', () => {
  let kernel: Kernel;
  let audit: AuditService;

  before(async () => {
    kernel = await getTestKernel();
    audit = kernel.container.get(AuditService);
  });

  it('when the kernel boots, then AUDIT_RECORDER is the AuditService and the audit.checkpoint job is registered', () => {
    expect(kernel.container.get(AUDIT_RECORDER)).to.equal(audit);
    expect(kernel.jobs.has('audit.checkpoint')).to.equal(true);
  });

  it('when several events are recorded in one transaction, then they are one batch of consecutive seqs linked from genesis', async () => {
    const org = await createOrganization();
    await kernel.db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) audit.record(tx, event(org.id, i));
      // Nothing is written before the commit: the chain lock is taken only at the end.
      const [{ n }] = await sql<{ n: number }>(kernel, 'SELECT COUNT(*) AS n FROM audit_logs WHERE chain_id = ?', [org.id]);
      expect(Number(n)).to.equal(0);
    });
    const entries = await chainEntries(kernel, org.id);
    expect(entries.map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(entries[0].previous_hash).to.equal(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i].previous_hash).to.equal(entries[i - 1].current_hash);
    const [head] = await sql<{ last_seq: number; last_hash: string }>(kernel, 'SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = ?', [org.id]);
    expect(Number(head.last_seq)).to.equal(5);
    expect(head.last_hash).to.equal(entries[4].current_hash);
    expect(entries[0]).to.include({ chain_id: org.id, organization_id: org.id, severity: 'info', outcome: 'success', hash_version: 1, key_id: audit.hasher.keyId, username: 'user0' });
    expect(entries[0].session_id).to.equal(hashSessionId('session-0'));
    expect(JSON.parse(entries[0].event_data)).to.deep.equal({ changed: ['title', 'body'], n: 0 });
    expect(entries[0].timestamp).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('when the business transaction rolls back, then no audit entry and no head move remain', async () => {
    const org = await createOrganization();
    const ghostId = '00000000-0000-4000-8000-0000000000aa';
    await kernel.db.transaction(async (tx) => {
      await Organization.create({ id: ghostId, name: 'Ghost', slug: 'ghost-org', timezone: 'UTC', active: true }, { transaction: tx });
      audit.record(tx, event(org.id, 1));
      throw new Error('business rule failed');
    }).catch((err: Error) => expect(err.message).to.equal('business rule failed'));
    expect(await chainEntries(kernel, org.id)).to.have.length(0);
    expect(await Organization.findByPk(ghostId)).to.equal(null);
  });

  it('when the audit entry cannot be written, then the business change fails with it', async () => {
    const org = await createOrganization();
    const id = '00000000-0000-4000-8000-0000000000bb';
    // An attacker or an outage taking the table away: the append fails inside the transaction.
    await exec(kernel, 'RENAME TABLE audit_logs TO audit_logs_away');
    try {
      let failed = false;
      await kernel.db.transaction(async (tx) => {
        await Organization.create({ id, name: 'Unaudited', slug: 'unaudited-org', timezone: 'UTC', active: true }, { transaction: tx });
        audit.record(tx, event(org.id, 1));
      }).catch(() => { failed = true; });
      expect(failed).to.equal(true);
    } finally {
      await exec(kernel, 'RENAME TABLE audit_logs_away TO audit_logs');
    }
    expect(await Organization.findByPk(id)).to.equal(null);
    expect(await chainEntries(kernel, org.id)).to.have.length(0);
  });

  it('when an event is malformed, then record() throws at once (failing the caller\'s work) and queues nothing', async () => {
    const org = await createOrganization();
    await kernel.db.transaction(async (tx) => {
      expect(() => audit.record(tx, { ...event(org.id, 1), severity: 'loud' as 'info' })).to.throw(AuditEventError, /severity/);
      expect(() => audit.record(tx, { ...event(org.id, 1), eventType: '' })).to.throw(AuditEventError, /eventType/);
      expect(() => audit.record(tx, { ...event(org.id, 1), eventData: { big: 'x'.repeat(70_000) } })).to.throw(AuditEventError, /larger/);
      expect(() => audit.record(tx, { ...event(org.id, 1), eventData: { n: 1n } as unknown as Record<string, unknown> })).to.throw(AuditEventError, /JSON/);
      expect(() => audit.record(tx, { ...event(null, 1), organizationId: undefined as unknown as null })).to.throw(AuditEventError, /organizationId/);
    });
    expect(await chainEntries(kernel, org.id)).to.have.length(0);
  });

  it('when events of two organizations and the installation share a transaction, then each lands in its own gapless chain', async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const before = (await chainEntries(kernel, INSTALLATION_CHAIN_ID)).length;
    await kernel.db.transaction(async (tx) => {
      audit.record(tx, event(b.id, 1));
      audit.record(tx, event(a.id, 1));
      audit.record(tx, event(null, 1));
      audit.record(tx, event(b.id, 2));
    });
    expect((await chainEntries(kernel, a.id)).map((e) => e.seq)).to.deep.equal([1]);
    expect((await chainEntries(kernel, b.id)).map((e) => e.seq)).to.deep.equal([1, 2]);
    const installation = await chainEntries(kernel, INSTALLATION_CHAIN_ID);
    expect(installation).to.have.length(before + 1);
    expect(installation[installation.length - 1]).to.include({ organization_id: null, seq: before + 1 });
  });

  it('when one organization\'s chain is locked by a slow transaction, then another organization appends without waiting', async () => {
    const slow = await createOrganization();
    const fast = await createOrganization();
    await audit.recordStandalone(event(slow.id, 0));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => { locked = resolve; });
    const slowTx = kernel.db.transaction(async (tx) => {
      audit.record(tx, event(slow.id, 1));
      // Runs after the audit flush: the slow chain's head is locked until we let go.
      kernel.db.beforeCommit(tx, async () => { locked(); await gate; });
    });
    await holding;
    const started = Date.now();
    await audit.recordStandalone(event(fast.id, 1));
    const elapsed = Date.now() - started;
    release();
    await slowTx;
    expect(elapsed).to.be.below(1000);
    expect((await chainEntries(kernel, slow.id)).map((e) => e.seq)).to.deep.equal([1, 2]);
  });

  it('when a transaction was not opened with Database.transaction(), then record() refuses at once and nothing is appended, whether it commits or not', async () => {
    const org = await createOrganization();
    const tx = await kernel.db.sequelize.transaction();
    expect(() => audit.record(tx, event(org.id, 1))).to.throw(/not opened with Database.transaction/);
    await tx.commit();
    await audit.recordStandalone(event(org.id, 2));
    // Only the standalone event: its chain starts at 1, so nothing of the refused one was written.
    expect((await chainEntries(kernel, org.id)).map((e) => [e.seq, e.username])).to.deep.equal([[1, 'user2']]);
  });

  it('when record() is given a finished transaction, then it refuses', async () => {
    let kept: Parameters<AuditService['record']>[0] | null = null;
    await kernel.db.transaction(async (tx) => { kept = tx; });
    expect(() => audit.record(kept!, event(null, 1))).to.throw(/already finished/);
  });

  it('when free text holds quotes, backslashes, control characters and SQL, then it is stored verbatim and verifies', async () => {
    const org = await createOrganization();
    const nasty = "O'Brien \\ \"x\"\t\n\u0000; DROP TABLE audit_logs; -- é😀";
    await audit.recordStandalone(event(org.id, 1, { username: nasty, userAgent: nasty, requestId: "r'1", eventData: { note: nasty, "k'ey": [nasty] } }));
    const [entry] = await chainEntries(kernel, org.id);
    expect(entry.username).to.equal(nasty);
    expect(entry.user_agent).to.equal(nasty);
    expect(entry.request_id).to.equal("r'1");
    expect(JSON.parse(entry.event_data)).to.deep.equal({ "k'ey": [nasty], note: nasty });
    // Double quotes alone need no escaping inside a single-quoted literal: sent as they are.
    await audit.recordStandalone(event(org.id, 2, { username: 'say "hi"', eventData: { quoted: '"x"' } }));
    const second = (await chainEntries(kernel, org.id))[1];
    expect(second.username).to.equal('say "hi"');
    expect(second.event_data).to.equal('{"quoted":"\\"x\\""}');
    expect((await audit.verify({ chainIds: [org.id] })).problems).to.deep.equal([]);
  });

  it('when free text is too long or holds lone surrogates, then it is stored clipped and well-formed and still verifies', async () => {
    const org = await createOrganization();
    await audit.recordStandalone(event(org.id, 1, {
      userAgent: `${'é'.repeat(600)}`, username: 'bad\uD800name  ', eventData: { note: 'x\uDC00y', nested: { z: 1, a: [1.5, 'ü', null] } },
    }));
    const [entry] = await chainEntries(kernel, org.id);
    expect(Array.from(entry.user_agent!)).to.have.length(512);
    expect(entry.username).to.equal('bad\uFFFDname  ');
    const report = await audit.verify({ chainIds: [org.id] });
    expect(report.problems).to.deep.equal([]);
    expect(report.intact).to.equal(true);
  });
});
