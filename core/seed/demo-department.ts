import { AUDIT_RECORDER } from '../audit/audit.types';
import type { Kernel } from '../kernel/kernel';
import { Organization } from '../identity/models/organization.model';
import { User } from '../identity/models/user.model';
import { UserAdminService } from '../identity/api/user-admin.service';
import { temporaryPassword } from '../identity/api/temporary-password';
import { PasswordService } from '../identity/auth/password.service';
import { SessionService } from '../identity/auth/session.service';
import { UserAuthStates } from '../identity/auth/user-auth-state';
import { createAdminMember } from '../onboarding/admin-member';
import { createOrganizationWithPositions } from '../onboarding/organization-factory';
import { ModuleConfigService } from '../modules/module-config.service';
import { seedContributors } from '../modules/seed-contributors';
import { ensureDemoMembers, DEMO_EMAIL_DOMAIN } from './demo-members';
import { seedActor } from './seed-actor';
import { addDays, localDate } from './seed-dates';
import { SeedRandom } from './seed-random';
import type { DemoMember, DemoSeedContext, SeedCounts, SeedProgress } from './seed.types';

export const DEMO_SLUG = 'demo-fire-department';
export const DEMO_ADMIN_USERNAME = 'demo.admin';
const DEMO_NAME = 'Demo Fire Department';
const DEMO_TIMEZONE = 'America/Chicago';

export interface DemoSeedResult {
  organization: { id: string; name: string; slug: string; created: boolean };
  admin: {
    username: string;
    email: string;
    /** Only on the run that created the administrator: shown once, must be changed at first sign-in. */
    temporaryPassword: string | null;
  };
  members: { total: number; created: number };
  modules: Array<{ module: string; enabled: boolean; created: SeedCounts }>;
  /** True when nothing at all was missing. */
  unchanged: boolean;
}

/**
 * The organization and its administrator, in one audited transaction (as `logbook orgs create`).
 * The administrator gets a random temporary password that must be changed at first sign-in.
 */
async function ensureOrganization(kernel: Kernel): Promise<{ org: Organization; admin: User; password: string | null; created: boolean }> {
  const existing = await Organization.findOne({ where: { slug: DEMO_SLUG } });
  if (existing) {
    const admin = await User.findOne({ where: { organizationId: existing.id, usernameKey: DEMO_ADMIN_USERNAME } });
    if (!admin) throw new Error(`the organization "${DEMO_SLUG}" exists but has no ${DEMO_ADMIN_USERNAME}; it was not made by the seed, so the seed leaves it alone`);
    return { org: existing, admin, password: null, created: false };
  }
  const audit = kernel.container.get(AUDIT_RECORDER);
  const passwords = kernel.container.get(PasswordService);
  const password = temporaryPassword();
  return kernel.db.transaction(async (tx) => {
    const org = await createOrganizationWithPositions(tx, {
      name: DEMO_NAME, slug: DEMO_SLUG, timezone: DEMO_TIMEZONE, organizationType: 'fire_department', email: `office@${DEMO_EMAIL_DOMAIN}`,
      phone: '555-0100', county: 'Demo County', foundedYear: 1948,
    });
    const admin = await createAdminMember(tx, {
      organizationId: org.id, username: DEMO_ADMIN_USERNAME, email: `${DEMO_ADMIN_USERNAME}@${DEMO_EMAIL_DOMAIN}`, firstName: 'Demo', lastName: 'Administrator', mustChangePassword: true,
    });
    await passwords.setPassword(tx, admin, password);
    // setPassword clears the flag; whoever reads this password off a terminal is not its final owner.
    await User.update({ mustChangePassword: true }, { where: { id: admin.id }, transaction: tx });
    audit.record(tx, {
      eventType: 'organization.created', eventCategory: 'organization', severity: 'warning', organizationId: org.id,
      username: 'cli', resourceType: 'organization', resourceId: org.id, eventData: { slug: org.slug, admin_user_id: admin.id, via: 'seed' },
    });
    return { org, admin, password, created: true };
  });
}

/**
 * `logbook seed --demo`: a demo department with 40 members and, for each module enabled for it,
 * that module's demo data, all through the services the API uses (audited, encrypted). Every part
 * creates only what is missing, so a second run (on any later day: dates hang off the day the
 * organization was created) changes nothing.
 */
export async function seedDemoDepartment(kernel: Kernel, progress: SeedProgress): Promise<DemoSeedResult> {
  progress.plan(1);
  const { org, admin, password, created } = await ensureOrganization(kernel);
  progress.tick(1, 'organization');
  const anchor = localDate(org.timezone, new Date(org.createdAt));
  const root = new SeedRandom(`demo:${DEMO_SLUG}`);
  const adminActor = await seedActor(org.id, admin.id, admin.username);
  const { members, created: membersCreated } = await ensureDemoMembers(adminActor, kernel.container.get(UserAdminService), root.fork('members'), anchor, progress);
  const usernames = new Map([[admin.id, admin.username], ...members.map((m) => [m.id, m.username] as const)]);
  // The administrator is a member too, so whoever signs in first finds their own training and a shift.
  const adminMember: DemoMember = {
    id: admin.id, username: admin.username, firstName: admin.firstName ?? 'Demo', lastName: admin.lastName ?? 'Administrator', rank: null, station: 'Headquarters',
    platoon: null, status: admin.status, membershipType: admin.membershipType, positions: ['it_manager'], hireDate: addDays(anchor, -6 * 365),
  };
  const ctx: DemoSeedContext = {
    organizationId: org.id, timezone: org.timezone, anchor, admin: adminActor, members: [adminMember, ...members], progress,
    actorFor: async (userId) => seedActor(org.id, userId, usernames.get(userId) ?? 'member'),
    random: (label) => root.fork(label),
  };
  const moduleConfig = kernel.container.get(ModuleConfigService);
  const modules: DemoSeedResult['modules'] = [];
  for (const contributor of seedContributors(kernel.container)) {
    const enabled = await moduleConfig.isEnabled(org.id, contributor.module);
    modules.push({ module: contributor.module, enabled, created: enabled ? await contributor.demo(ctx) : {} });
  }
  const unchanged = !created && membersCreated === 0 && modules.every((m) => Object.values(m.created).every((n) => n === 0));
  return {
    organization: { id: org.id, name: org.name, slug: org.slug, created },
    admin: { username: admin.username, email: admin.email, temporaryPassword: password },
    members: { total: members.length, created: membersCreated },
    modules, unchanged,
  };
}

/**
 * `logbook seed --demo --new-admin-password`: for a newcomer who lost the one printed. A new
 * temporary password for demo.admin (must be changed at first sign-in); their sessions end.
 */
export async function newDemoAdminPassword(kernel: Kernel): Promise<{ username: string; temporaryPassword: string }> {
  const org = await Organization.findOne({ where: { slug: DEMO_SLUG }, attributes: ['id'], raw: true });
  const admin = org && await User.findOne({ where: { organizationId: org.id, usernameKey: DEMO_ADMIN_USERNAME } });
  if (!org || !admin) throw new Error(`there is no demo department with ${DEMO_ADMIN_USERNAME} yet`);
  const audit = kernel.container.get(AUDIT_RECORDER);
  const sessions = kernel.container.get(SessionService);
  const password = temporaryPassword();
  const revoked = await kernel.db.transaction(async (tx) => {
    await kernel.container.get(PasswordService).setPassword(tx, admin, password);
    await User.update({ mustChangePassword: true }, { where: { id: admin.id }, transaction: tx });
    const ids = await sessions.revokeAllRows(tx, admin.id, 'password_changed');
    audit.record(tx, {
      eventType: 'auth.password-reset', eventCategory: 'auth', severity: 'warning', organizationId: org.id, userId: admin.id, username: 'cli',
      resourceType: 'user', resourceId: admin.id, eventData: { via: 'seed', temporary: true, sessions_ended: ids.length },
    });
    return ids;
  });
  await sessions.forget(org.id, admin.id, revoked);
  await kernel.container.get(UserAuthStates).refresh(admin.id, org.id);
  return { username: admin.username, temporaryPassword: password };
}
