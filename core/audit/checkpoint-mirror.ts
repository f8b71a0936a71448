import type { Cache } from '../cache';
import { INSTALLATION_CHAIN_ID } from './audit-entry';
import { isWellFormedCheckpoint, type SignedCheckpoint } from './checkpoint-signer';
import { pickCheckpoint } from './checkpoint-sink';

/**
 * The newest checkpoint of each chain, kept in Redis (outside the database, so restoring or
 * truncating the database does not roll it back). Organization chains live in the organization's
 * namespace, the installation chain at the top level.
 */
function location(cache: Cache, chainId: string): { cache: Cache; key: string } {
  return chainId === INSTALLATION_CHAIN_ID
    ? { cache, key: 'audit:checkpoint:installation' }
    : { cache: cache.forOrganization(chainId), key: 'audit:checkpoint:latest' };
}

export async function readMirroredCheckpoint(cache: Cache, chainId: string): Promise<SignedCheckpoint | null> {
  const { cache: scoped, key } = location(cache, chainId);
  let value: SignedCheckpoint | null;
  try {
    value = await scoped.getJson<SignedCheckpoint>(key);
  } catch (err) {
    if (err instanceof SyntaxError) return null; // garbage under our key reads as "nothing mirrored"
    throw err;
  }
  if (!isWellFormedCheckpoint(value) || value.chain_id !== chainId) return null;
  return pickCheckpoint(value);
}

/** Stores `cp` unless Redis already holds a newer one (two processes may mirror out of order). */
export async function mirrorCheckpoint(cache: Cache, cp: SignedCheckpoint): Promise<void> {
  const { cache: scoped, key } = location(cache, cp.chain_id);
  const current = await scoped.getJson<SignedCheckpoint>(key).catch((err: unknown) => {
    if (err instanceof SyntaxError) return null;
    throw err;
  });
  if (isWellFormedCheckpoint(current) && current.last_seq >= cp.last_seq) return;
  await scoped.setJson(key, cp);
}
