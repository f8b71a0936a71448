import type { Actor } from '../identity/api/actor';
import { heldPositions } from '../identity/permissions/effective-permissions';

/** Where seed changes come from, as the audit log shows it (no IP, no session: a CLI run). */
export const SEED_META = { ip: null, userAgent: 'logbook seed', requestId: null } as const;

/** A member acting with the permissions their positions grant, as a signed-in request would. */
export async function seedActor(organizationId: string, userId: string, username: string): Promise<Actor> {
  const held = await heldPositions(userId, organizationId);
  return { auth: { userId, organizationId, username, permissions: new Set(held.permissions), sessionId: null }, meta: { ...SEED_META } };
}
