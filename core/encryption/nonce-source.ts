import crypto from 'node:crypto';
import { NONCE_BYTES } from './ciphertext-format';

// crypto.randomBytes(12) costs about 7 µs a call, more than the AES-GCM work on a short field; one
// randomFillSync for 1,024 nonces costs about the same as one call. Every nonce is handed out
// once (JavaScript runs this on one thread, and the pool is refilled before any byte is reused);
// Node never forks a process's memory, so no two processes share a pool.
const pool = Buffer.alloc(NONCE_BYTES * 1024);
let offset = pool.length;

/** A fresh 96-bit nonce from the CSPRNG. */
export function freshNonce(): Buffer {
  if (offset + NONCE_BYTES > pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const nonce = Buffer.from(pool.subarray(offset, offset + NONCE_BYTES));
  offset += NONCE_BYTES;
  return nonce;
}
