import type { Container, ServiceIdentifier } from 'inversify';
import type { SeedContributor } from '../seed/seed.types';

/**
 * Container token under which feature modules bind their seed contributors (several bindings,
 * one per module). `Symbol.for` so that a module imports only this file, never the seed code.
 */
export const SEED_CONTRIBUTOR = Symbol.for('logbook.seed-contributor') as ServiceIdentifier<SeedContributor>;

/** Every bound contributor, in the order the modules were loaded (dependencies first). */
export function seedContributors(container: Container): SeedContributor[] {
  return container.isBound(SEED_CONTRIBUTOR) ? container.getAll(SEED_CONTRIBUTOR) : [];
}
