/**
 * The bench's data, written through our own models on a kernel booted in the bench process (which
 * also applies the migrations): one organization with its 31 system positions, a member holding
 * three positions (for GET /auth/me), and members with a known password (for the login load).
 */
import crypto from 'node:crypto';
import type { Config } from '../../core/config';
import { createLogger } from '../../core/logging/logger';
import { Kernel } from '../../core/kernel/kernel';
import { Organization } from '../../core/identity/models/organization.model';
import { Position } from '../../core/identity/models/position.model';
import { User } from '../../core/identity/models/user.model';
import { UserPosition } from '../../core/identity/models/user-position.model';
import { PasswordHistory } from '../../core/identity/models/credential.models';
import { seedSystemPositions } from '../../core/identity/permissions/seed-system-positions';
import { PasswordHasher } from '../../core/security/passwords/password-hasher';

export const BENCH_PASSWORD = 'lantern orbit meadow 42';

export interface Seeded {
  organizationId: string;
  /** Signs in once; its cookie is what the /auth/me load sends. */
  meUsername: string;
  loginUsernames: string[];
  /** An argon2id hash of BENCH_PASSWORD at our parameters, for the raw verification loop. */
  passwordHash: string;
}

async function member(org: string, username: string, hash: string, slugs: string[]): Promise<void> {
  const user = await User.create({
    organizationId: org, username, email: `${username}@example.org`, firstName: 'Pat', lastName: 'Rivera', passwordHash: hash,
    passwordChangedAt: new Date(), status: 'active', mustChangePassword: false, phone: '555-0100', dateOfBirth: '1980-04-02',
  });
  await PasswordHistory.create({ userId: user.id, passwordHash: hash });
  const positions = await Position.findAll({ where: { organizationId: org, slug: slugs }, attributes: ['id'], raw: true });
  for (const p of positions) await UserPosition.create({ userId: user.id, positionId: p.id });
}

export async function seed(config: Config, loginMembers: number): Promise<Seeded> {
  const kernel = await new Kernel(config, createLogger(config)).boot({ migrate: true, jobs: false, http: false });
  try {
    const id = crypto.randomUUID();
    await kernel.db.transaction(async (tx) => {
      await Organization.create({ id, name: 'Bench Fire Department', slug: 'bench-fd', timezone: 'America/Chicago', active: true }, { transaction: tx });
      await seedSystemPositions(tx, id);
    });
    // One hash serves every member: the verification cost is what matters, not distinct salts.
    const hash = await kernel.container.get(PasswordHasher).hash(BENCH_PASSWORD);
    await member(id, 'bench.me', hash, ['captain', 'lieutenant', 'member']);
    const loginUsernames = Array.from({ length: loginMembers }, (_, i) => `bench.login${i}`);
    for (const u of loginUsernames) await member(id, u, hash, ['firefighter', 'member']);
    return { organizationId: id, meUsername: 'bench.me', loginUsernames, passwordHash: hash };
  } finally {
    await kernel.close();
  }
}
