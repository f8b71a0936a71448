import { Position } from '../identity/models/position.model';
import { User, identityKey, type MembershipType, type UserStatus } from '../identity/models/user.model';
import type { UserAdminService } from '../identity/api/user-admin.service';
import type { Actor } from '../identity/api/actor';
import type { CreateUserRequest, UpdateProfileRequest } from '../identity/api/users.types';
import { addDays } from './seed-dates';
import type { SeedRandom } from './seed-random';
import type { DemoMember, SeedProgress } from './seed.types';

/** Email domain of the demo members: `.example` is reserved (RFC 2606), so no mail ever reaches anyone. */
export const DEMO_EMAIL_DOMAIN = 'demo-fd.example';

interface Role {
  positions: string[];
  rank: string | null;
  platoon: string | null;
  station: string;
  status?: UserStatus;
  membershipType?: MembershipType;
  complianceExempt?: boolean;
  /** Years of service, roughly. */
  years: [number, number];
}

const HQ = 'Headquarters';

/** Day staff and the members whose status or membership type differs from "active". */
const STAFF: Role[] = [
  { positions: ['fire_chief'], rank: 'Fire Chief', platoon: null, station: HQ, years: [18, 28] },
  { positions: ['deputy_chief'], rank: 'Deputy Chief', platoon: null, station: HQ, years: [15, 24] },
  { positions: ['assistant_chief'], rank: 'Assistant Chief', platoon: null, station: HQ, years: [12, 20] },
  { positions: ['training_officer', 'captain'], rank: 'Captain', platoon: null, station: HQ, years: [10, 18] },
  { positions: ['safety_officer', 'lieutenant'], rank: 'Lieutenant', platoon: null, station: HQ, years: [8, 15] },
  { positions: ['scheduling_officer', 'firefighter'], rank: 'Firefighter', platoon: null, station: HQ, years: [4, 9] },
  { positions: ['secretary', 'member'], rank: null, platoon: null, station: HQ, membershipType: 'administrative', years: [3, 8] },
  { positions: ['member'], rank: 'Captain (ret.)', platoon: null, station: HQ, status: 'retired', membershipType: 'retired', years: [25, 35] },
  { positions: ['member', 'firefighter'], rank: 'Firefighter', platoon: null, station: 'Station 2', membershipType: 'life', complianceExempt: true, years: [30, 40] },
  { positions: ['member'], rank: null, platoon: null, station: HQ, membershipType: 'honorary', years: [5, 10] },
  { positions: ['member'], rank: null, platoon: null, station: 'Station 2', status: 'probationary', membershipType: 'prospective', years: [0, 0] },
  { positions: ['member', 'firefighter'], rank: 'Firefighter', platoon: null, station: 'Station 2', status: 'inactive', years: [2, 6] },
  { positions: ['member', 'firefighter'], rank: 'Firefighter', platoon: null, station: 'Station 2', status: 'dropped_voluntary', years: [1, 3] },
];

/** One platoon's crew: nine members working 24 hours on, 48 off. */
function platoon(p: string): Role[] {
  const r = (positions: string[], rank: string, years: [number, number], extra: Partial<Role> = {}): Role => ({ positions, rank, platoon: p, station: 'Station 1', years, ...extra });
  return [
    r(['captain'], 'Captain', [10, 20]),
    r(['lieutenant'], 'Lieutenant', [7, 14]),
    r(['engineer'], 'Engineer', [5, 12]),
    r(['engineer'], 'Engineer', [4, 10]),
    r(['firefighter', 'paramedic'], 'Firefighter/Paramedic', [3, 10]),
    r(['firefighter', 'emt'], 'Firefighter/EMT', [2, 8]),
    r(['firefighter'], 'Firefighter', [2, 7]),
    // One member of B platoon is on leave (scheduling skips them; training waives their months).
    r(['firefighter'], 'Firefighter', [1, 5], p === 'B' ? { status: 'leave' } : {}),
    r(['probationary_firefighter'], 'Probationary Firefighter', [0, 0], { status: 'probationary', membershipType: 'probationary' }),
  ];
}

export const DEMO_ROLES: readonly Role[] = [...STAFF, ...platoon('A'), ...platoon('B'), ...platoon('C')];

const FIRST = ['Avery', 'Jordan', 'Morgan', 'Riley', 'Casey', 'Taylor', 'Jamie', 'Quinn', 'Rowan', 'Emerson', 'Hayden', 'Parker', 'Reese', 'Skyler', 'Dakota', 'Finley',
  'Logan', 'Peyton', 'Sawyer', 'Blake', 'Cameron', 'Drew', 'Elliot', 'Frankie', 'Harper', 'Jesse', 'Kendall', 'Lane', 'Marley', 'Noel', 'Oakley', 'Phoenix',
  'Remy', 'Sage', 'Tatum', 'Val', 'Wren', 'Alex', 'Bailey', 'Charlie'];
const LAST = ['Alvarez', 'Brennan', 'Castillo', 'Donovan', 'Eriksen', 'Fitzgerald', 'Gallagher', 'Haddad', 'Ishikawa', 'Jablonski', 'Kowalski', 'Lindqvist', 'Moreau',
  'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rasmussen', 'Sullivan', 'Thibodeaux', 'Ueda', 'Vasquez', 'Whitaker', 'Xiong', 'Yilmaz', 'Zielinski', 'Abernathy',
  'Bautista', 'Carmichael', 'Delacroix', 'Esposito', 'Fontaine', 'Grünewald', 'Horvath', 'Iversen', 'Jovanovic', 'Kincaid', 'Larsen', 'McAllister', 'Novak'];

/** The 40 members as planned: deterministic for the anchor date. */
export function plannedMembers(random: SeedRandom, anchor: string): Array<DemoMember & { body: CreateUserRequest; profile: UpdateProfileRequest }> {
  const firsts = random.fork('first').shuffle(FIRST);
  const lasts = random.fork('last').shuffle(LAST);
  return DEMO_ROLES.map((role, i) => {
    const r = random.fork(`member-${i}`);
    const firstName = firsts[i];
    const lastName = lasts[i];
    const handle = `${firstName}.${lastName}`.normalize('NFKD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    const hireDate = addDays(anchor, -(role.years[0] * 365 + r.int(30, Math.max(60, (role.years[1] - role.years[0]) * 365))));
    const status = role.status ?? 'active';
    const membershipType = role.membershipType ?? 'active';
    const body: CreateUserRequest = {
      username: handle, email: `${handle}@${DEMO_EMAIL_DOMAIN}`, first_name: firstName, last_name: lastName,
      rank: role.rank, station: role.station, platoon: role.platoon, hire_date: hireDate,
      membership_number: `DFD-${String(101 + i).padStart(4, '0')}`,
      mobile: `555-01${String(r.int(0, 99)).padStart(2, '0')}`, date_of_birth: addDays(anchor, -r.int(22 * 365, 62 * 365)),
      address_street: `${r.int(10, 9999)} ${r.pick(['Maple', 'Cedar', 'Ridge', 'Lakeview', 'Station', 'Orchard'])} ${r.pick(['St', 'Ave', 'Rd', 'Ln'])}`,
      address_city: 'Maple Ridge', address_state: 'IL', address_zip: `6${r.int(1000, 2999)}`, address_country: 'US',
      emergency_contacts: [{ name: `${r.pick(FIRST)} ${lastName}`, relationship: r.pick(['Spouse', 'Parent', 'Sibling', 'Partner']), phone: `555-02${String(r.int(0, 99)).padStart(2, '0')}`, is_primary: true }],
    };
    const profile: UpdateProfileRequest = {
      ...(status !== 'active' ? { status } : {}),
      ...(membershipType !== 'active' ? { membership_type: membershipType } : {}),
      ...(role.complianceExempt ? { compliance_exempt: true } : {}),
    };
    return {
      id: '', username: handle, firstName, lastName, rank: role.rank, station: role.station, platoon: role.platoon,
      status, membershipType, positions: role.positions, hireDate, body, profile,
    };
  });
}

/**
 * Creates the members that do not exist yet, through the same service as POST /users (audited,
 * personal fields encrypted) and, where the plan says so, PATCH /users/{id} for status and
 * membership type. Existing members are left alone; what the database says about them wins.
 */
export async function ensureDemoMembers(admin: Actor, users: UserAdminService, random: SeedRandom, anchor: string, progress: SeedProgress): Promise<{ members: DemoMember[]; created: number }> {
  const org = admin.auth.organizationId;
  const plan = plannedMembers(random, anchor);
  progress.plan(plan.length);
  const positions = new Map((await Position.findAll({ where: { organizationId: org }, attributes: ['id', 'slug'], raw: true })).map((p) => [p.slug, p.id]));
  const existing = new Map((await User.findAll({ where: { organizationId: org }, attributes: ['id', 'usernameKey', 'status', 'membershipType'], raw: true })).map((u) => [u.usernameKey, u]));
  const members: DemoMember[] = [];
  let created = 0;
  for (const m of plan) {
    const found = existing.get(identityKey(m.username));
    const { body, profile, ...member } = m;
    if (found) {
      members.push({ ...member, id: found.id, status: found.status, membershipType: found.membershipType });
    } else {
      const roleIds = m.positions.map((slug) => {
        const id = positions.get(slug);
        if (!id) throw new Error(`the demo organization has no ${slug} position`);
        return id;
      });
      const user = await users.create(admin, { ...body, role_ids: roleIds });
      if (Object.keys(profile).length > 0) await users.updateProfile(admin, user.id, profile);
      members.push({ ...member, id: user.id });
      created++;
    }
    progress.tick(1, 'members');
  }
  return { members, created };
}
