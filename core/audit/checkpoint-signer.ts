import crypto, { type KeyObject } from 'node:crypto';
import { CHAIN_ID_PATTERN } from './audit-entry';

/** What a checkpoint commits to: a segment of one chain, ending at `last_seq`, of `count` entries. */
export interface CheckpointBody {
  chain_id: string;
  last_seq: number;
  /** Entries in the segment: seqs last_seq - count + 1 … last_seq (the previous checkpoint ends right before). */
  count: number;
  /** current_hash of the entry at last_seq. */
  head_hash: string;
  /** RFC 6962 root over the segment's current_hash values. */
  merkle_root: string;
  /** SHA-256 over the segment's canonical serializations, newline-terminated (see merkle.ts ContentDigest). */
  content_digest: string;
  /** ISO-8601 UTC with microseconds. */
  created_at: string;
  /** Fingerprint of the Ed25519 public key that signed it. */
  key_id: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 signature of checkpointText(), base64. */
  signature: string;
}

/**
 * The signed text, one `name: value` line per field in a fixed order (in the spirit of C2SP
 * checkpoints): easy to check by hand with openssl, and unambiguous because no value may hold a newline.
 */
export function checkpointText(cp: CheckpointBody): string {
  return [
    'logbook audit checkpoint v1',
    `chain_id: ${cp.chain_id}`,
    `last_seq: ${cp.last_seq}`,
    `count: ${cp.count}`,
    `head_hash: ${cp.head_hash}`,
    `merkle_root: ${cp.merkle_root}`,
    `content_digest: ${cp.content_digest}`,
    `created_at: ${cp.created_at}`,
    `key_id: ${cp.key_id}`,
    '',
  ].join('\n');
}

/** A short fingerprint of a public key: SHA-256 of its SPKI DER, 16 hex digits. */
export function publicKeyId(key: KeyObject): string {
  const spki = key.export({ format: 'der', type: 'spki' });
  return crypto.createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** True when every field has the shape we sign; a malformed checkpoint is never passed to the verifier. */
export function isWellFormedCheckpoint(cp: Partial<SignedCheckpoint> | null | undefined): cp is SignedCheckpoint {
  return !!cp
    && typeof cp.chain_id === 'string' && CHAIN_ID_PATTERN.test(cp.chain_id)
    && Number.isSafeInteger(cp.last_seq) && (cp.last_seq as number) >= 1
    && Number.isSafeInteger(cp.count) && (cp.count as number) >= 1 && (cp.count as number) <= (cp.last_seq as number)
    && typeof cp.head_hash === 'string' && HEX64.test(cp.head_hash)
    && typeof cp.merkle_root === 'string' && HEX64.test(cp.merkle_root)
    && typeof cp.content_digest === 'string' && HEX64.test(cp.content_digest)
    && typeof cp.created_at === 'string' && ISO_MICROS.test(cp.created_at)
    && typeof cp.key_id === 'string' && /^[0-9a-f]{16}$/.test(cp.key_id)
    && typeof cp.signature === 'string' && cp.signature.length <= 200;
}

/** Checks checkpoints against one public key (what an auditor holds). */
export class CheckpointKey {
  readonly keyId: string;
  readonly publicKeyPem: string;

  constructor(readonly publicKey: KeyObject) {
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('audit checkpoint keys must be Ed25519');
    this.keyId = publicKeyId(publicKey);
    this.publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  static fromPem(pem: string): CheckpointKey {
    return new CheckpointKey(crypto.createPublicKey(pem));
  }

  verify(cp: SignedCheckpoint): boolean {
    if (cp.key_id !== this.keyId) return false;
    try {
      return crypto.verify(null, Buffer.from(checkpointText(cp), 'utf8'), this.publicKey, Buffer.from(cp.signature, 'base64'));
    } catch {
      return false;
    }
  }
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Reads AUDIT_CHECKPOINT_PRIVATE_KEY: PEM, or base64 PKCS#8 DER. When none is configured (allowed
 * outside production only), a key is derived from SECRET_KEY so checkpoints stay verifiable
 * across restarts of a development install.
 */
export function loadCheckpointPrivateKey(configured: string | null, fallbackSecret: string): KeyObject {
  let key: KeyObject;
  try {
    if (!configured) {
      const seed = crypto.createHash('sha256').update('logbook-audit-checkpoint-dev\0').update(fallbackSecret, 'utf8').digest();
      key = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    } else if (configured.includes('-----BEGIN')) {
      key = crypto.createPrivateKey(configured);
    } else {
      key = crypto.createPrivateKey({ key: Buffer.from(configured.trim(), 'base64'), format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new Error('AUDIT_CHECKPOINT_PRIVATE_KEY is not a readable private key (PEM or base64 PKCS#8 DER)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_CHECKPOINT_PRIVATE_KEY must be an Ed25519 key');
  return key;
}

/** Signs checkpoints with the installation's Ed25519 key. */
export class CheckpointSigner {
  readonly key: CheckpointKey;

  constructor(private readonly privateKey: KeyObject) {
    this.key = new CheckpointKey(crypto.createPublicKey(privateKey));
  }

  sign(body: Omit<CheckpointBody, 'key_id'>): SignedCheckpoint {
    const full: CheckpointBody = { ...body, key_id: this.key.keyId };
    const signature = crypto.sign(null, Buffer.from(checkpointText(full), 'utf8'), this.privateKey).toString('base64');
    return { ...full, signature };
  }
}
