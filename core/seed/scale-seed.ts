import crypto from 'node:crypto';
import { AUDIT_RECORDER } from '../audit/audit.types';
import type { Kernel } from '../kernel/kernel';
import { Position } from '../identity/models/position.model';
import type { MembershipType, UserStatus } from '../identity/models/user.model';
import { createAdminMember } from '../onboarding/admin-member';
import { createOrganizationWithPositions, uniqueSlug } from '../onboarding/organization-factory';
import { ModuleConfigService } from '../modules/module-config.service';
import { seedContributors } from '../modules/seed-contributors';
import { batchInserter, type BatchStats } from './batch-insert';
import { seedActor } from './seed-actor';
import { addDays, localDate } from './seed-dates';
import { SeedRandom } from './seed-random';
import type { ScaleMember, ScaleSeedContext, SeedCounts, SeedProgress } from './seed.types';

export const MAX_SCALE_MEMBERS = 100_000;

export interface ScaleSeedResult {
  organization: { id: string; slug: string };
  members: number;
  /** Rows written, by table (bulk batches only; the small catalogues go through the services). */
  rows: Record<string, number>;
  modules: Array<{ module: string; created: SeedCounts }>;
  batches: number;
  seconds: number;
  recordsPerSecond: number;
}

const STATUSES: Array<[UserStatus, MembershipType]> = [['active', 'active'], ['active', 'active'], ['active', 'active'], ['active', 'life'], ['probationary', 'probationary'], ['leave', 'active'], ['inactive', 'active']];
const POSITIONS = ['firefighter', 'firefighter', 'emt', 'engineer', 'paramedic', 'lieutenant', 'captain', 'probationary_firefighter'];

/**
 * `logbook seed --scale N`: a new organization (`scale-N`, `scale-N-2`, ...) with N members and,
 * for each enabled module with a scale part, its bulk data: multi-row INSERTs in batches, each
 * batch one transaction with one `seed.batch` audit event. For benchmarks, not for looking at.
 */
export async function seedScale(kernel: Kernel, memberCount: number, progress: SeedProgress): Promise<ScaleSeedResult> {
  const started = process.hrtime.bigint();
  const audit = kernel.container.get(AUDIT_RECORDER);
  const { org, adminId, adminName } = await kernel.db.transaction(async (tx) => {
    const slug = await uniqueSlug(tx, `scale-${memberCount}`);
    const o = await createOrganizationWithPositions(tx, { name: `Scale ${memberCount} (benchmark data)`, slug, timezone: 'America/Chicago' });
    const a = await createAdminMember(tx, { organizationId: o.id, username: `${slug}.admin`, email: `${slug}.admin@scale.example`, firstName: 'Scale', lastName: 'Admin', mustChangePassword: true });
    audit.record(tx, {
      eventType: 'organization.created', eventCategory: 'organization', severity: 'warning', organizationId: o.id,
      username: 'cli', resourceType: 'organization', resourceId: o.id, eventData: { slug, admin_user_id: a.id, via: 'seed --scale' },
    });
    return { org: o, adminId: a.id, adminName: a.username };
  });
  const stats: BatchStats = { batches: 0, rows: new Map() };
  const insert = batchInserter(kernel.db, audit, org.id, stats);
  const anchor = localDate(org.timezone, new Date());
  const random = new SeedRandom(`scale:${memberCount}`);
  const now = new Date();

  progress.plan(memberCount);
  const members: ScaleMember[] = [];
  const users = Array.from({ length: memberCount }, (_, index) => {
    const [status, membershipType] = STATUSES[index % STATUSES.length];
    const id = crypto.randomUUID();
    members.push({ id, index, status, membershipType });
    const username = `${org.slug}.m${index}`;
    const email = `${username}@scale.example`;
    return {
      id, organizationId: org.id, username, usernameKey: username, email, emailKey: email, firstName: `Member${index}`, lastName: `Scale${index % 97}`,
      status, membershipType, rank: 'Firefighter', station: `Station ${1 + (index % 4)}`, platoon: ['A', 'B', 'C'][index % 3],
      hireDate: addDays(anchor, -random.int(60, 9000)), mobile: `555-${String(index % 10_000).padStart(4, '0')}`,
      membershipNumber: `S-${index}`, createdAt: now, updatedAt: now,
    };
  });
  await insert('users', users);
  const positions = new Map((await Position.findAll({ where: { organizationId: org.id, slug: POSITIONS }, attributes: ['id', 'slug'], raw: true })).map((p) => [p.slug, p.id]));
  await insert('user_positions', members.map((m) => ({ id: crypto.randomUUID(), userId: m.id, positionId: positions.get(POSITIONS[m.index % POSITIONS.length])!, assignedAt: now, assignedBy: adminId })));
  progress.tick(memberCount, 'members');

  const ctx: ScaleSeedContext = { organizationId: org.id, admin: await seedActor(org.id, adminId, adminName), anchor, members, random: (label) => random.fork(label), insert, progress };
  const moduleConfig = kernel.container.get(ModuleConfigService);
  const modules: ScaleSeedResult['modules'] = [];
  for (const c of seedContributors(kernel.container)) {
    if (c.scale && await moduleConfig.isEnabled(org.id, c.module)) modules.push({ module: c.module, created: await c.scale(ctx) });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = Object.fromEntries(stats.rows);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  return { organization: { id: org.id, slug: org.slug }, members: memberCount, rows, modules, batches: stats.batches, seconds, recordsPerSecond: total / seconds };
}

