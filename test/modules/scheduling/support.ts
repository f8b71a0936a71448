import crypto from 'node:crypto';
import { getTestKernel } from '../../support/kernel';
import { createSeededOrganization, signedIn, type SignedIn } from '../../support/identity';
import { User } from '../../../core/identity/models/user.model';
import type { Organization } from '../../../core/identity/models/organization.model';
import { Position } from '../../../core/identity/models/position.model';
import { UserPosition } from '../../../core/identity/models/user-position.model';
import type { Actor } from '../../../core/identity/api/actor';
import { Shift } from '../../../modules/scheduling/models/shift.model';

export { signedIn, type SignedIn };

/** A department with a scheduling officer (all scheduling permissions) and a plain member, both signed in. */
export interface Department {
  org: Organization;
  officer: SignedIn;
  member: SignedIn;
}

export async function department(name = 'Cedar Falls Fire'): Promise<Department> {
  const org = await createSeededOrganization(name);
  const officer = await signedIn(['scheduling_officer'], { org });
  const member = await signedIn(['member'], { org });
  return { org, officer, member };
}

/**
 * Members created straight in the table (no password, no session): for service-level races, where
 * 50 argon2 hashes and logins would dominate the run time.
 */
export async function quickMembers(org: Organization, n: number, fields: Partial<{ status: string; membershipType: string; firstName: string }> = {}): Promise<User[]> {
  const rows = Array.from({ length: n }, () => {
    const u = `q${crypto.randomBytes(5).toString('hex')}`;
    return {
      id: crypto.randomUUID(), organizationId: org.id, username: u, usernameKey: u, email: `${u}@example.org`, emailKey: `${u}@example.org`,
      firstName: fields.firstName ?? 'Sam', lastName: u.slice(1, 5), status: fields.status ?? 'active', membershipType: fields.membershipType ?? 'active',
    };
  });
  const users = await User.bulkCreate(rows);
  const member = await Position.findOne({ where: { organizationId: org.id, slug: 'member' } });
  if (member) await UserPosition.bulkCreate(users.map((u) => ({ userId: u.id, positionId: member.id })));
  return users;
}

/** An actor as the controllers build it, for calling services directly. */
export function actorFor(user: Pick<User, 'id' | 'organizationId' | 'username'>, permissions: string[] = ['scheduling.view']): Actor {
  return {
    auth: { userId: user.id, organizationId: user.organizationId, username: user.username, permissions: new Set(permissions), sessionId: null },
    meta: { ip: '127.0.0.1', userAgent: 'test', requestId: null },
  };
}

export const HOUR = 3_600_000;

/** A shift row made directly (fast set-up for rule tests), starting `inHours` from now. */
export async function shiftRow(org: Organization | string, opts: { inHours?: number; hours?: number; seats?: string[]; start?: Date; status?: 'scheduled' | 'cancelled'; openToAll?: boolean } = {}): Promise<Shift> {
  const start = opts.start ?? new Date(Date.now() + (opts.inHours ?? 48) * HOUR);
  const end = new Date(start.getTime() + (opts.hours ?? 12) * HOUR);
  return Shift.create({
    organizationId: typeof org === 'string' ? org : org.id, shiftDate: start.toISOString().slice(0, 10), startTime: start, endTime: end,
    positions: JSON.stringify((opts.seats ?? ['officer', 'driver', 'firefighter', 'firefighter']).map((p) => ({ position: p, required: true }))),
    minStaffing: 3, status: opts.status ?? 'scheduled', openToAllMembers: opts.openToAll ?? true,
  });
}

export async function kernel() {
  return getTestKernel();
}
