import crypto from 'node:crypto';
import { expect } from 'chai';
import { GENESIS_HASH, HASHED_COLUMNS, type AuditEntryFields } from '../../../core/audit/audit-entry';
import { canonicalEntry, EntryHasher, keyIdOf } from '../../../core/audit/entry-hash';
import { canonicalJson } from '../../../core/audit/canonical-json';
import { EMPTY_ROOT, leafHash, MerkleBuilder, nodeHash } from '../../../core/audit/merkle';
import { isoToDb, microsToIso, nowIsoMicros, toIsoMicros } from '../../../core/audit/audit-time';
import { CsvReader, csvLine, escapeFormula, unescapeFormula } from '../../../core/audit/csv';
import { loadCheckpointPrivateKey, CheckpointSigner } from '../../../core/audit/checkpoint-signer';

function sample(): AuditEntryFields {
  return {
    chain_id: '7b0c3c3e-6a8e-4a51-9d35-3f0d6f0b8e11', seq: 42, timestamp: '2026-11-27T10:00:00.123456Z', event_type: 'member.updated',
    event_category: 'members', severity: 'info', organization_id: '7b0c3c3e-6a8e-4a51-9d35-3f0d6f0b8e11', user_id: 'u-1', username: 'chief',
    session_id: 'a'.repeat(64), ip_address: '192.0.2.1', user_agent: 'Firefox', request_id: 'r-1', resource_type: 'member', resource_id: 'm-1',
    outcome: 'success', event_data: '{"changed":["rank"]}', previous_hash: GENESIS_HASH, hash_version: 1, key_id: keyIdOf('k'),
  };
}

/** RFC 6962 §2.1 MTH, written the way the RFC states it, to check the streaming builder against. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return crypto.createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('audit log: hashing, Merkle trees, timestamps and CSV', () => {
  it('when any single hashed column changes, then the HMAC changes', () => {
    const hasher = new EntryHasher('test-key');
    const base = sample();
    const original = hasher.hash(base);
    expect(HASHED_COLUMNS).to.have.length(20);
    for (const column of HASHED_COLUMNS) {
      const changed = { ...base } as Record<string, unknown>;
      const value = changed[column];
      changed[column] = typeof value === 'number' ? value + 1 : value === null ? 'x' : `${String(value)}x`;
      expect(hasher.hash(changed as unknown as AuditEntryFields), column).not.to.equal(original);
      expect(canonicalEntry(changed as unknown as AuditEntryFields)).to.include(typeof changed[column] === 'number' ? String(changed[column]) : 'x');
    }
    // null and the text "None"/"null" stay distinct (the original wrote null as the text None).
    expect(hasher.hash({ ...base, username: null })).not.to.equal(hasher.hash({ ...base, username: 'null' }));
    // Moving text across a column boundary changes the hash (the original's `|` join did not).
    expect(hasher.hash({ ...base, username: 'a|b', user_agent: 'c' })).not.to.equal(hasher.hash({ ...base, username: 'a', user_agent: 'b|c' }));
  });

  it('when the key differs, then the hash and the key id differ; the key id reveals nothing of the key', () => {
    expect(new EntryHasher('one').hash(sample())).not.to.equal(new EntryHasher('two').hash(sample()));
    expect(keyIdOf('one')).to.match(/^[0-9a-f]{16}$/).and.not.equal(keyIdOf('two'));
    expect(new EntryHasher('one').hash(sample())).to.equal(crypto.createHmac('sha256', 'one').update(canonicalEntry(sample())).digest('hex'));
  });

  it('when JSON is canonicalized, then key order and formatting do not matter and special keys stay data', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], c: { y: 1.5, x: 'q' } })).to.equal('{"a":[true,null,"é"],"b":1,"c":{"x":"q","y":1.5}}');
    expect(canonicalJson(JSON.parse('{ "z" : 1 ,"a":2}'))).to.equal('{"a":2,"z":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1}}'))).to.equal('{"__proto__":{"x":1}}');
    expect(() => canonicalJson({ n: NaN })).to.throw(TypeError);
  });

  it('when leaves are added one by one, then the Merkle root equals RFC 6962 MTH for every size', () => {
    expect(new MerkleBuilder().root()).to.equal(EMPTY_ROOT);
    const leaves: Buffer[] = [];
    const builder = new MerkleBuilder();
    for (let n = 1; n <= 70; n++) {
      const leaf = crypto.createHash('sha256').update(String(n)).digest();
      leaves.push(leaf);
      builder.add(leaf);
      expect(builder.root(), `n=${n}`).to.equal(referenceRoot(leaves).toString('hex'));
    }
    // Leaf and node prefixes keep a leaf from passing for a node (second-preimage defence).
    expect(leafHash(Buffer.concat([leaves[0], leaves[1]])).toString('hex')).not.to.equal(nodeHash(leaves[0], leaves[1]).toString('hex'));
  });

  it('when timestamps round-trip through either dialect\'s stored form, then they serialize to the same ISO string', () => {
    const iso = '2026-11-27T10:00:00.123456Z';
    expect(isoToDb(iso, 'mysql')).to.equal('2026-11-27 10:00:00.123456');
    expect(isoToDb(iso, 'sqlite')).to.equal('2026-11-27 10:00:00.123456 +00:00');
    expect(toIsoMicros(isoToDb(iso, 'mysql'))).to.equal(iso);
    expect(toIsoMicros(isoToDb(iso, 'sqlite'))).to.equal(iso);
    expect(toIsoMicros('2026-11-27 10:00:00.1')).to.equal('2026-11-27T10:00:00.100000Z');
    expect(microsToIso(Date.UTC(2026, 0, 2, 3, 4, 5, 6) * 1000 + 7)).to.equal('2026-01-02T03:04:05.006007Z');
    const a = nowIsoMicros();
    const b = nowIsoMicros();
    expect(b > a).to.equal(true);
    expect(Math.abs(new Date(a).getTime() - Date.now())).to.be.below(1000);
    expect(() => toIsoMicros('yesterday')).to.throw();
  });

  it('when CSV cells start like formulas, then they are defused on write and restored exactly on read', () => {
    for (const value of ['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx', "'=x", "''-x", "'plain", 'plain', '', 'a "quoted", value\nwith newline']) {
      expect(unescapeFormula(escapeFormula(value)), JSON.stringify(value)).to.equal(value);
    }
    expect(escapeFormula('=HYPERLINK("x")')).to.equal('\'=HYPERLINK("x")');
    const reader = new CsvReader();
    const text = csvLine(['=cmd()', null, '', 'a,"b"\nc', '-1']) + csvLine(['x', 'y', null, null, null]);
    const records = [...reader.push(text.slice(0, 7)), ...reader.push(text.slice(7)), ...reader.end()];
    expect(records).to.deep.equal([['=cmd()', null, '', 'a,"b"\nc', '-1'], ['x', 'y', null, null, null]]);
    expect(text.split('\r\n')[0].split(',')[0]).to.equal('"\'=cmd()"');
  });

  it('when the checkpoint key is configured as PEM, base64 DER or not at all, then it loads as Ed25519; anything else is refused', () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const a = new CheckpointSigner(loadCheckpointPrivateKey(pem, 's'));
    const b = new CheckpointSigner(loadCheckpointPrivateKey(der, 's'));
    expect(a.key.keyId).to.equal(b.key.keyId);
    expect(new CheckpointSigner(loadCheckpointPrivateKey(null, 'secret')).key.keyId).to.equal(new CheckpointSigner(loadCheckpointPrivateKey(null, 'secret')).key.keyId);
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadCheckpointPrivateKey(rsa, 's')).to.throw(/Ed25519/);
    expect(() => loadCheckpointPrivateKey('not a key', 's')).to.throw(/not a readable private key/);
  });
});
