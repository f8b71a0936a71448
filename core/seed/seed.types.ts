import type { Actor } from '../identity/api/actor';
import type { MembershipType, UserStatus } from '../identity/models/user.model';
import type { SeedRandom } from './seed-random';

/** What seeding reports while it works (the CLI draws a progress bar from it). */
export interface SeedProgress {
  /** Adds `steps` to the expected total (each part announces its work before doing it). */
  plan(steps: number): void;
  /** Marks `steps` (default 1) as done; `label` names the part now running. */
  tick(steps?: number, label?: string): void;
}

/** A member of the demo department as the module seeders see it. */
export interface DemoMember {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  rank: string | null;
  station: string | null;
  /** `A`, `B`, `C`, or null for day staff and administration. */
  platoon: string | null;
  status: UserStatus;
  membershipType: MembershipType;
  /** Position slugs held (e.g. `captain`, `engineer`, `paramedic`). */
  positions: readonly string[];
  hireDate: string;
}

export interface DemoSeedContext {
  organizationId: string;
  timezone: string;
  /**
   * The organization-local date the demo is built around: the day the demo organization was
   * created. Fixed, so a run on a later day computes the same dates and changes nothing.
   */
  anchor: string;
  /** The demo administrator (it_manager), as whom catalogues, assignments and reviews are made. */
  admin: Actor;
  /** The demo administrator first (positions `['it_manager']`, no platoon), then the 40 members. */
  members: readonly DemoMember[];
  /** A member acting for themself (a time-off request, a swap request, a sign-up). */
  actorFor(userId: string): Promise<Actor>;
  /** A deterministic random stream for `label` (e.g. `training/records`). */
  random(label: string): SeedRandom;
  progress: SeedProgress;
}

/** A member created by the scale seed. */
export interface ScaleMember {
  id: string;
  index: number;
  status: UserStatus;
  membershipType: MembershipType;
}

/** Writes rows in multi-row INSERTs, one transaction and one `seed.batch` audit event per batch. */
export type BatchInserter = (table: string, rows: ReadonlyArray<Record<string, unknown>>) => Promise<void>;

export interface ScaleSeedContext {
  organizationId: string;
  /** The scale organization's administrator: small catalogues go through the services as them. */
  admin: Actor;
  /** Organization-local today. */
  anchor: string;
  members: readonly ScaleMember[];
  random(label: string): SeedRandom;
  /** Inserts through the model of `table` (so encrypted columns are encrypted), in audited batches. */
  insert: BatchInserter;
  progress: SeedProgress;
}

/** Counts of what a part created, by kind (e.g. `{courses: 12, records: 540}`). */
export type SeedCounts = Record<string, number>;

/**
 * What a feature module contributes to `logbook seed`. A module binds one to
 * `SEED_CONTRIBUTOR` (core/modules/seed-contributors.ts); the core asks for those of the modules
 * enabled for the organization being seeded, in module order.
 */
export interface SeedContributor {
  /** The module key; the contributor runs only when that module is enabled for the organization. */
  readonly module: string;
  /** Realistic demo data through the module's own services. Must create only what is missing. */
  demo(ctx: DemoSeedContext): Promise<SeedCounts>;
  /** Bulk data for benchmarks; absent when the module has none. */
  scale?(ctx: ScaleSeedContext): Promise<SeedCounts>;
}
