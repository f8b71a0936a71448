/**
 * Field encryption throughput: encrypt + decrypt of a 100-byte field (AES-256-GCM with associated
 * data, the stored-format encoding included), plus blind-index HMACs and the one-off key
 * derivation cost. Pure CPU, no database. Run: `npx ts-node bench/encryption.bench.ts`.
 * Prints readable lines, then one line of JSON for the record.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { FieldCipher, KeyRing, deriveKey } from '../core/encryption';

const FIELD_BYTES = 100;
const RUN_MS = Number(process.env.BENCH_MS ?? 3000);
const AT = { table: 'members', column: 'medical_notes', rowId: crypto.randomUUID() };

/** Runs `op` in chunks until `ms` elapsed; returns operations per second. */
function measure(ms: number, op: () => void): number {
  const chunk = 1000;
  let count = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(ms) * 1_000_000n;
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < chunk; i++) op();
    count += chunk;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - started) / 1e9);
}

async function main(): Promise<void> {
  const passphraseStarted = process.hrtime.bigint();
  await deriveKey(`bench passphrase ${crypto.randomUUID()}`, 'bench-salt');
  const pbkdf2Ms = Number(process.hrtime.bigint() - passphraseStarted) / 1e6;

  const cipher = new FieldCipher(await KeyRing.fromSecrets({ currentKey: crypto.randomBytes(32).toString('hex'), salt: 'bench-salt' }));
  const plaintext = crypto.randomBytes(FIELD_BYTES * 2).toString('base64').slice(0, FIELD_BYTES);
  const stored = cipher.encrypt(plaintext, AT);
  if (cipher.decrypt(stored, AT) !== plaintext) throw new Error('round trip failed');

  measure(300, () => cipher.decrypt(cipher.encrypt(plaintext, AT), AT)); // warm-up (JIT, OpenSSL contexts)
  const roundTrip = measure(RUN_MS, () => { cipher.decrypt(cipher.encrypt(plaintext, AT), AT); });
  const encrypt = measure(RUN_MS / 3, () => { cipher.encrypt(plaintext, AT); });
  const decrypt = measure(RUN_MS / 3, () => { cipher.decrypt(stored, AT); });
  const blindIndex = measure(RUN_MS / 3, () => { cipher.blindIndex('member@example.org', AT); });

  const round = (n: number) => Math.round(n);
  console.log(`encrypt+decrypt of a ${FIELD_BYTES}-byte field: ${round(roundTrip).toLocaleString('en-US')} ops/s (${(1e6 / roundTrip).toFixed(2)} µs each)`);
  console.log(`encrypt only: ${round(encrypt).toLocaleString('en-US')} ops/s; decrypt only: ${round(decrypt).toLocaleString('en-US')} ops/s; blind index: ${round(blindIndex).toLocaleString('en-US')} ops/s`);
  console.log(`stored size: ${stored.length} characters for ${FIELD_BYTES} bytes; PBKDF2-SHA256 600k key derivation (once per process): ${pbkdf2Ms.toFixed(0)} ms`);
  console.log(JSON.stringify({
    bench: 'encryption',
    fieldBytes: FIELD_BYTES,
    encryptDecryptOpsPerSec: round(roundTrip),
    encryptOpsPerSec: round(encrypt),
    decryptOpsPerSec: round(decrypt),
    blindIndexOpsPerSec: round(blindIndex),
    storedChars: stored.length,
    pbkdf2DerivationMs: Math.round(pbkdf2Ms),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    runMs: RUN_MS,
  }));
}

main().catch((err: Error) => {
  console.error(`encryption bench failed: ${err.message}`);
  process.exit(1);
});
