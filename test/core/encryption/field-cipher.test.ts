import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { DecryptionError, EncryptionConfigError, FieldCipher, KeyRing, deriveKey, parseRawKey, PBKDF2_ITERATIONS, type DecryptionFailure } from '../../../core/encryption';
import { HKDF_INFO } from '../../../core/encryption/key-derivation';
import { KEY_A, KEY_B, KEY_C, SALT, expectedSubkeys, keyForms } from './encryption-test-keys';

const AT = { table: 'members', column: 'ssn', rowId: '6f1c0d5e-2b7a-4c1e-9d3f-0a8b7c6d5e4f' };

/** Decodes the payload of a stored value, lets `change` edit its bytes, and re-encodes it. */
function tamper(stored: string, change: (bytes: Buffer) => Buffer): string {
  const cut = stored.lastIndexOf('$') + 1;
  return stored.slice(0, cut) + change(Buffer.from(stored.slice(cut), 'base64url')).toString('base64url');
}

function flipBit(offset: (length: number) => number): (bytes: Buffer) => Buffer {
  return (bytes) => {
    const copy = Buffer.from(bytes);
    copy[offset(copy.length)] ^= 0x01;
    return copy;
  };
}

function decryptionFailure(work: () => unknown): DecryptionError {
  try {
    const result = work();
    throw new Error(`expected a DecryptionError, got a result of type ${typeof result}`);
  } catch (err) {
    expect(err).to.be.instanceOf(DecryptionError);
    return err as DecryptionError;
  }
}


/** Drops characters until the payload after `$gcm2$<kid>$` has a length of 4n+1, never valid base64. */
function cutToInvalidBase64Length(stored: string): string {
  const prefix = stored.lastIndexOf('$') + 1;
  let cut = stored.slice(0, -1);
  while ((cut.length - prefix) % 4 !== 1) cut = cut.slice(0, -1);
  return cut;
}

describe('field cipher (AES-256-GCM values)', () => {
  let ringA: KeyRing;
  let ringBA: KeyRing;
  let cipherA: FieldCipher;
  let cipherBA: FieldCipher;

  before(async () => {
    ringA = await KeyRing.fromSecrets({ currentKey: KEY_A, salt: SALT });
    ringBA = await KeyRing.fromSecrets({ currentKey: KEY_B, legacyKeys: [KEY_A], salt: SALT });
    cipherA = new FieldCipher(ringA);
    cipherBA = new FieldCipher(ringBA);
  });

  describe('round trip', () => {
    const cases: Array<[string, string]> = [
      ['an empty string', ''],
      ['unicode (accents, CJK, emoji, a NUL byte)', 'Grüße aus der Feuerwache 消防署 🚒\u0000 Ω'],
      ['64 KB', crypto.randomBytes(48 * 1024).toString('base64')],
    ];
    for (const [name, plaintext] of cases) {
      it(`when ${name} is encrypted, then it decrypts to exactly the same string`, () => {
        const stored = cipherA.encrypt(plaintext, AT);
        expect(stored).to.match(/^\$gcm2\$[0-9a-f]{8}\$[A-Za-z0-9_-]+$/);
        expect(cipherA.decrypt(stored, AT)).to.equal(plaintext);
      });
    }

    it('when the same value is encrypted twice, then the ciphertexts differ (a fresh nonce each time)', () => {
      const nonces = new Set<string>();
      for (let i = 0; i < 1000; i++) nonces.add(Buffer.from(cipherA.encrypt('same', AT).split('$')[3], 'base64url').subarray(0, 12).toString('hex'));
      expect(nonces.size).to.equal(1000);
    });

    it('when a value is stored, then it carries the current key id and no plaintext', () => {
      const stored = cipherA.encrypt('123-45-6789', AT);
      expect(stored.startsWith(`$gcm2$${ringA.currentKid}$`)).to.equal(true);
      expect(stored).not.to.include('123-45-6789');
      expect(cipherA.kidOf(stored)).to.equal(ringA.currentKid);
    });

    it('when a non-string is given, then encrypt refuses it instead of coercing', () => {
      expect(() => cipherA.encrypt(42 as unknown as string, AT)).to.throw(/only strings/);
    });
  });

  describe('tampering and misuse are rejected with a DecryptionError', () => {
    const plaintext = 'Patient refused transport; vitals stable';
    let stored: string;
    before(() => { stored = cipherA.encrypt(plaintext, AT); });

    const cases: Array<[string, () => string, DecryptionFailure, typeof AT?]> = [
      ['a bit of the ciphertext is flipped', () => tamper(stored, flipBit(() => 12)), 'authentication-failed'],
      ['a bit of the tag is flipped', () => tamper(stored, flipBit((n) => n - 1)), 'authentication-failed'],
      ['a bit of the nonce is flipped', () => tamper(stored, flipBit(() => 0)), 'authentication-failed'],
      ['the last byte is cut off', () => tamper(stored, (b) => b.subarray(0, b.length - 1)), 'authentication-failed'],
      ['the payload is cut to less than nonce and tag', () => tamper(stored, (b) => b.subarray(0, 27)), 'malformed'],
      // Cut to a length no base64 text can have: dropping a single character is sometimes still a
      // canonical encoding of fewer bytes (then GCM's tag check is what rejects it, tested below).
      ['the base64 text is cut mid-byte', () => cutToInvalidBase64Length(stored), 'malformed'],
      ['a character outside base64url is added', () => `${stored}=`, 'malformed'],
      ['the version prefix is $gcm1$', () => stored.replace('$gcm2$', '$gcm1$'), 'unsupported-version'],
      ['the version prefix is $gcm3$', () => stored.replace('$gcm2$', '$gcm3$'), 'unsupported-version'],
      ['the prefix is not ours at all', () => stored.replace('$gcm2$', '$aes$'), 'not-encrypted'],
      ['the key id is not hex', () => stored.replace(/^\$gcm2\$[0-9a-f]{8}/, '$gcm2$ZZZZZZZZ'), 'malformed'],
      ['the key id is one nobody configured', () => stored.replace(/^\$gcm2\$[0-9a-f]{8}/, '$gcm2$00000000'), 'unknown-key'],
      ['the column holds plaintext', () => plaintext, 'not-encrypted'],
      ['the column holds an empty string', () => '', 'not-encrypted'],
    ];
    for (const [name, make, reason] of cases) {
      it(`when ${name}, then decryption fails with "${reason}"`, () => {
        const err = decryptionFailure(() => cipherA.decrypt(make(), AT));
        expect(err.reason).to.equal(reason);
        expect(err.message).to.include('members.ssn').and.include(AT.rowId);
        expect(err.message).not.to.include(plaintext).and.not.to.include(stored.slice(15, 40));
      });
    }

    it('when the value is copied to another row, then it fails authentication', () => {
      expect(decryptionFailure(() => cipherA.decrypt(stored, { ...AT, rowId: 'a0000000-0000-4000-8000-000000000000' })).reason).to.equal('authentication-failed');
    });

    it('when the value is copied to another column, then it fails authentication', () => {
      expect(decryptionFailure(() => cipherA.decrypt(stored, { ...AT, column: 'notes' })).reason).to.equal('authentication-failed');
    });

    it('when the value is copied to another table, then it fails authentication', () => {
      expect(decryptionFailure(() => cipherA.decrypt(stored, { ...AT, table: 'applicants' })).reason).to.equal('authentication-failed');
    });

    it('when the nonces of two values are swapped, then neither decrypts', () => {
      const other = cipherA.encrypt('Second narrative of the same length!!!!', AT);
      const nonceOf = (v: string) => Buffer.from(v.split('$')[3], 'base64url').subarray(0, 12);
      const withNonce = (v: string, nonce: Buffer) => tamper(v, (b) => Buffer.concat([nonce, b.subarray(12)]));
      expect(decryptionFailure(() => cipherA.decrypt(withNonce(stored, nonceOf(other)), AT)).reason).to.equal('authentication-failed');
      expect(decryptionFailure(() => cipherA.decrypt(withNonce(other, nonceOf(stored)), AT)).reason).to.equal('authentication-failed');
    });

    it('when the key id is relabelled to another key of the ring, then it fails authentication', () => {
      const relabelled = stored.replace(ringA.currentKid, ringBA.currentKid);
      expect(decryptionFailure(() => cipherBA.decrypt(relabelled, AT)).reason).to.equal('authentication-failed');
    });

    it('when the ring does not hold the key that wrote a value, then it fails with "unknown-key" naming the key id', async () => {
      const ringC = await KeyRing.fromSecrets({ currentKey: KEY_C, salt: SALT });
      const err = decryptionFailure(() => new FieldCipher(ringC).decrypt(stored, AT));
      expect(err.reason).to.equal('unknown-key');
      expect(err.kid).to.equal(ringA.currentKid);
    });
  });

  describe('key ring', () => {
    it('when a legacy key wrote a value, then the ring with a new current key still reads it and writes with the new key', () => {
      const old = cipherA.encrypt('old value', AT);
      expect(cipherBA.decrypt(old, AT)).to.equal('old value');
      expect(cipherBA.isCurrent(old)).to.equal(false);
      const fresh = cipherBA.encrypt('new value', AT);
      expect(cipherBA.kidOf(fresh)).to.equal(ringBA.currentKid);
      expect(decryptionFailure(() => cipherA.decrypt(fresh, AT)).reason).to.equal('unknown-key');
    });

    it('when the current key is also listed as legacy, then it appears once', async () => {
      const ring = await KeyRing.fromSecrets({ currentKey: KEY_B, legacyKeys: [KEY_A, KEY_B, KEY_A], salt: SALT });
      expect(ring.kids).to.deep.equal([ringBA.currentKid, ringA.currentKid]);
    });

    it('when the same key is used with another salt, then it has another key id (the subkeys differ)', async () => {
      const other = await KeyRing.fromSecrets({ currentKey: KEY_A, salt: `${SALT}-2` });
      expect(other.currentKid).not.to.equal(ringA.currentKid);
    });

    it('when the key or the salt is empty, then building the ring fails with a configuration error', async () => {
      for (const secrets of [{ currentKey: '', salt: SALT }, { currentKey: KEY_A, salt: '' }]) {
        const err = await KeyRing.fromSecrets(secrets).then(() => null, (e: unknown) => e);
        expect(err).to.be.instanceOf(EncryptionConfigError);
      }
    });

    it('when the ring or a key is serialized or inspected, then only key ids come out, never key material', () => {
      const { encryption, blindIndex } = expectedSubkeys(KEY_A);
      const outputs = [JSON.stringify(ringBA), JSON.stringify(ringBA.current), inspect(ringBA, { depth: 10, showHidden: true }), inspect(cipherBA, { depth: 10, showHidden: true })];
      for (const out of outputs) {
        for (const form of [KEY_A, KEY_B, ...keyForms(encryption), ...keyForms(blindIndex)]) expect(out).not.to.include(form);
      }
      expect(outputs[0]).to.include(ringBA.currentKid);
    });
  });

  describe('key derivation', () => {
    it('when the key is 64 hex characters, base64 or base64url of 32 random bytes, then it is used as a raw key (HKDF)', async () => {
      // What `openssl rand -hex 32`, `openssl rand -base64 32` and Node's randomBytes(32).toString('base64url') print.
      const hex = '7dbc037168a2b6ece3eda74ef0e1ba0b33feddd2428104f99748f5ebc832037f';
      for (const form of [hex, 'fbwDcWiituzj7adO8OG6CzP+3dJCgQT5l0j168gyA38=', 'fbwDcWiituzj7adO8OG6CzP-3dJCgQT5l0j168gyA38']) {
        expect(parseRawKey(form)?.toString('hex'), form).to.equal(hex);
      }
      expect((await deriveKey(KEY_A, SALT)).method).to.equal('hkdf-sha256');
    });

    it('when the key is a passphrase, or merely has the length and alphabet of a raw key, then it is stretched with PBKDF2', () => {
      expect(parseRawKey('correct horse battery staple, engine 7')).to.equal(null);
      expect(parseRawKey('abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq')).to.equal(null);
      expect(parseRawKey('ab'.repeat(32))).to.equal(null);
      expect(parseRawKey(`${KEY_A}0`)).to.equal(null);
    });

    it('when a passphrase is derived, then it is PBKDF2-SHA256 with 600,000 iterations, and the key id is a fingerprint of the result', async function () {
      this.timeout(20_000);
      const passphrase = 'a department passphrase, not random enough to use raw';
      const key = await deriveKey(passphrase, SALT);
      expect(key.method).to.equal('pbkdf2-sha256');
      expect(PBKDF2_ITERATIONS).to.equal(600_000);
      const master = crypto.pbkdf2Sync(passphrase, SALT, 600_000, 32, 'sha256');
      const encryption = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.from(SALT), HKDF_INFO.encryption, 32));
      expect(key.kid).to.equal(crypto.createHmac('sha256', encryption).update(HKDF_INFO.keyId).digest('hex').slice(0, 8));
      expect(await deriveKey(passphrase, SALT)).to.equal(key);
    });
  });

  describe('blind index', () => {
    const at = { table: 'members', column: 'email' };

    it('when the same normalized value is indexed twice, then the index is the same; another column gets another index', () => {
      expect(cipherA.blindIndex('alice@example.org', at)).to.match(/^[0-9a-f]{64}$/);
      expect(cipherA.blindIndex('alice@example.org', at)).to.equal(cipherA.blindIndex('alice@example.org', { ...at }));
      expect(cipherA.blindIndex('alice@example.org', at)).not.to.equal(cipherA.blindIndex('alice@example.org', { ...at, column: 'backup_email' }));
    });

    it('when the ring has a legacy key, then lookups try the index under every key, current first', () => {
      const candidates = cipherBA.blindIndexCandidates('alice@example.org', at);
      expect(candidates).to.deep.equal([cipherBA.blindIndex('alice@example.org', at), cipherA.blindIndex('alice@example.org', at)]);
    });
  });
});
