import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { AuditService } from '../../../core/audit/audit.service';
import { CheckpointKey, checkpointText, type SignedCheckpoint } from '../../../core/audit/checkpoint-signer';
import { readMirroredCheckpoint } from '../../../core/audit/checkpoint-mirror';
import { canonicalEntry } from '../../../core/audit/entry-hash';
import { leafHash, MerkleBuilder } from '../../../core/audit/merkle';
import type { Kernel } from '../../../core/kernel/kernel';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { TEST_DATA_DIR } from '../../support/env';
import { appendEvents, auditServiceWith, chainEntries, exec, sql, withoutAuditTriggers } from './support/audit-fixtures';

describe('audit log: signed checkpoints', () => {
  let kernel: Kernel;
  let sinkFile: string;
  let audit: AuditService;

  before(async () => {
    kernel = await getTestKernel();
    sinkFile = path.join(TEST_DATA_DIR, `checkpoints-${crypto.randomBytes(3).toString('hex')}.jsonl`);
    audit = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '10', AUDIT_CHECKPOINT_SINK: sinkFile });
  });

  async function tableCheckpoints(chainId: string): Promise<Array<{ last_seq: number; count: number }>> {
    return (await sql<{ last_seq: number; count: number }>(kernel, 'SELECT last_seq, count FROM audit_checkpoints WHERE chain_id = ? ORDER BY last_seq', [chainId]))
      .map((r) => ({ last_seq: Number(r.last_seq), count: Number(r.count) }));
  }

  it('when AUDIT_CHECKPOINT_EVERY entries are appended, then a checkpoint of exactly that segment is signed, stored, mirrored and sunk', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, audit, org.id, 9, 3);
    await audit.drain();
    expect(await tableCheckpoints(org.id)).to.deep.equal([]);
    await appendEvents(kernel, audit, org.id, 16, 4); // 25 entries: two whole segments of 10, 5 left over
    await audit.drain();
    expect(await tableCheckpoints(org.id)).to.deep.equal([{ last_seq: 10, count: 10 }, { last_seq: 20, count: 10 }]);

    const mirrored = await readMirroredCheckpoint(kernel.cache, org.id);
    expect(mirrored?.last_seq).to.equal(20);
    const sunk = fs.readFileSync(sinkFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SignedCheckpoint).filter((c) => c.chain_id === org.id);
    expect(sunk.map((c) => c.last_seq)).to.deep.equal([10, 20]);

    // What the checkpoint commits to, recomputed by hand from the entries (RFC 6962 leaves and nodes; content digest).
    const entries = (await chainEntries(kernel, org.id)).slice(10, 20);
    const hashes = new MerkleBuilder();
    const contents = crypto.createHash('sha256');
    for (const e of entries) { hashes.addLeafHash(leafHash(Buffer.from(e.current_hash, 'hex'))); contents.update(`${canonicalEntry(e)}\n`); }
    const cp = sunk[1];
    expect(cp).to.include({ head_hash: entries[9].current_hash, merkle_root: hashes.root(), content_digest: contents.digest('hex'), count: 10, key_id: audit.publicKey().keyId });

    // An auditor's check: only the PEM public key and the documented text.
    const publicKey = crypto.createPublicKey(audit.publicKey().pem);
    expect(crypto.verify(null, Buffer.from(checkpointText(cp)), publicKey, Buffer.from(cp.signature, 'base64'))).to.equal(true);
    const forged = { ...cp, last_seq: 21 };
    expect(new CheckpointKey(publicKey).verify(forged)).to.equal(false);
  });

  it('when the audit.checkpoint job runs, then every chain with unsigned entries gets a checkpoint of its remainder, and a second run has nothing to do', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, audit, org.id, 3, 3);
    await audit.drain();
    expect(await tableCheckpoints(org.id)).to.deep.equal([]);
    const record = await kernel.jobs.runNow('audit.checkpoint');
    expect(record.ok, record.error).to.equal(true);
    expect(await tableCheckpoints(org.id)).to.deep.equal([{ last_seq: 3, count: 3 }]);
    expect((await readMirroredCheckpoint(kernel.cache, org.id))?.last_seq).to.equal(3);
    const again = await audit.checkpointAll();
    expect(again.filter((c) => c.chain_id === org.id)).to.deep.equal([]);
  });

  it('when the chain was tampered with before a checkpoint is due, then a writer that reads it back signs no checkpoint over it', async () => {
    const org = await createOrganization();
    await appendEvents(kernel, audit, org.id, 4, 4);
    await withoutAuditTriggers(kernel, () => exec(kernel, "UPDATE audit_logs SET username = 'mallory' WHERE chain_id = ? AND seq = 2", [org.id]));
    // Another process (or this one after a restart) has only the rows to go by. The writer that
    // appended them signs what it committed instead: checkpoint-sources.test.ts.
    const other = auditServiceWith(kernel, { AUDIT_CHECKPOINT_EVERY: '10' });
    expect(await other.checkpointChain(org.id)).to.deep.equal([]);
    expect(await tableCheckpoints(org.id)).to.deep.equal([]);
  });

  it('when the public key is asked for, then it is an Ed25519 SPKI PEM whose id matches the checkpoints', () => {
    const { pem, keyId } = audit.publicKey();
    expect(pem).to.match(/^-----BEGIN PUBLIC KEY-----/);
    const key = crypto.createPublicKey(pem);
    expect(key.asymmetricKeyType).to.equal('ed25519');
    expect(new CheckpointKey(key).keyId).to.equal(keyId);
    // Every service of this run reads the same generated test key.
    expect(kernel.container.get(AuditService).publicKey().keyId).to.equal(keyId);
  });
});
