import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { createMember, createSeededOrganization } from './support/members';
import { Position } from '../../../core/identity/models/position.model';
import { UserPosition } from '../../../core/identity/models/user-position.model';
import { PermissionCatalog } from '../../../core/identity/permissions/permission-catalog';
import { SYSTEM_POSITIONS } from '../../../core/identity/permissions/system-positions';
import { seedSystemPositions } from '../../../core/identity/permissions/seed-system-positions';
import { heldPositions, positionsOf } from '../../../core/identity/permissions/effective-permissions';
import { assertCanGrant, assertDeletable, assertKnownPermissions, assertWildcardHolderRemains } from '../../../core/identity/permissions/position-guards';
import { AppError } from '../../../core/http/errors';

function codeOf(fn: () => unknown): string | null {
  try { fn(); return null; } catch (err) { return err instanceof AppError ? err.code : 'other'; }
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string | null> {
  try { await p; return null; } catch (err) { return err instanceof AppError ? err.code : String(err); }
}

describe('identity: permissions and system positions', () => {
  it('when the catalog is built, then it holds the core permissions and every installed module manifest\'s', async () => {
    const catalog = (await getTestKernel()).container.get(PermissionCatalog);
    const names = catalog.list().map((p) => p.name);
    expect(names).to.include.members(['users.view', 'members.manage', 'positions.manage_permissions', 'settings.manage', 'security.manage', 'audit.view', 'admin.access', 'system.run_tasks', 'fixture.view', 'fixture.manage']);
    expect(catalog.byCategory().map((c) => c.category)).to.include.members(['users', 'audit', 'fixture']);
    expect(catalog.isKnown('*')).to.equal(true);
    expect(catalog.isKnown('fixture.*')).to.equal(true);
    expect(catalog.isKnown('fixtur.view')).to.equal(false);
    expect(codeOf(() => assertKnownPermissions(catalog, ['users.view', 'nope.nope']))).to.equal('LB-VAL-001');
  });

  it('when an organization is seeded, then it gets the 31 system positions once (idempotent), it_manager with *', async () => {
    expect(SYSTEM_POSITIONS).to.have.length(31);
    expect(new Set(SYSTEM_POSITIONS.map((p) => p.slug)).size).to.equal(31);
    for (const p of SYSTEM_POSITIONS) expect(p.priority).to.be.within(0, 100);
    const org = await createSeededOrganization();
    const kernel = await getTestKernel();
    expect(await kernel.db.transaction((tx) => seedSystemPositions(tx, org.id))).to.have.length(0);
    const rows = await Position.findAll({ where: { organizationId: org.id } });
    expect(rows).to.have.length(31);
    const it = rows.find((r) => r.slug === 'it_manager')!;
    expect(it.permissions).to.deep.equal(['*']);
    expect(it.priority).to.equal(100);
    expect(it.isSystem).to.equal(true);
    const member = rows.find((r) => r.slug === 'member')!;
    expect(member.permissions).to.include.members(['scheduling.swap', 'equipment_check.submit', 'storefront.order', 'training.view']);
    expect(member.priority).to.equal(10);
  });

  it('when a member holds several positions, then the effective permissions are their union, ordered positions first by priority', async () => {
    const m = await createMember({ positions: ['member', 'training_officer'] });
    const held = await heldPositions(m.user.id, m.org.id);
    expect(held.names).to.deep.equal(['Training Officer', 'Member']);
    expect(held.permissions).to.include.members(['training.*', 'scheduling.swap', 'compliance.*']);
  });

  it('when granting, then you cannot grant what you do not hold (wildcards included)', () => {
    const captain = new Set(['training.manage', 'scheduling.*']);
    expect(codeOf(() => assertCanGrant(captain, ['training.manage', 'scheduling.assign', 'scheduling.*']))).to.equal(null);
    expect(codeOf(() => assertCanGrant(captain, ['training.*']))).to.equal('LB-ROLE-001');
    expect(codeOf(() => assertCanGrant(captain, ['*']))).to.equal('LB-ROLE-001');
    expect(codeOf(() => assertCanGrant(new Set(['*']), ['*', 'audit.manage']))).to.equal(null);
  });

  it('when a system position is to be deleted, then it is refused', async () => {
    const org = await createSeededOrganization();
    const chief = (await Position.findOne({ where: { organizationId: org.id, slug: 'fire_chief' } }))!;
    expect(codeOf(() => assertDeletable(chief))).to.equal('LB-ROLE-002');
    expect(codeOf(() => assertDeletable({ isSystem: false, name: 'Custom' }))).to.equal(null);
  });

  it('when the last member holding * would lose it, then the change is refused; with a second holder it is allowed', async () => {
    const owner = await createMember({ positions: ['it_manager'] });
    const kernel = await getTestKernel();
    const it = (await Position.findOne({ where: { organizationId: owner.org.id, slug: 'it_manager' } }))!;
    const check = (change: Parameters<typeof assertWildcardHolderRemains>[2]) => kernel.db.transaction((tx) => assertWildcardHolderRemains(tx, owner.org.id, change));
    expect(await asyncCodeOf(check({ member: { userId: owner.user.id, positionIds: [] } }))).to.equal('LB-ROLE-003');
    expect(await asyncCodeOf(check({ member: { userId: owner.user.id, positionIds: null } }))).to.equal('LB-ROLE-003');
    expect(await asyncCodeOf(check({ position: { id: it.id, permissions: ['users.view'] } }))).to.equal('LB-ROLE-003');
    expect(await asyncCodeOf(check({ position: { id: it.id, permissions: null } }))).to.equal('LB-ROLE-003');
    const second = await createMember({ org: owner.org, positions: ['member'] });
    await UserPosition.create({ userId: second.user.id, positionId: it.id });
    expect(await asyncCodeOf(check({ member: { userId: owner.user.id, positionIds: [] } }))).to.equal(null);
  });
});

describe('identity: position rank order (sorted in the process, not by the database)', () => {
  const row = (name: string, priority: number | string | null, slug = name.toLowerCase()) => ({ name, slug, priority, permissions: '["users.view"]' });

  it('when positions are ranked, then higher priority comes first, equal priorities by name ignoring case, then by slug', () => {
    const ranked = positionsOf([row('member', 10), row('Captain', '90'), row('chief', 90), row('Apparatus', 10, 'b'), row('apparatus', 10, 'a'), row('None', null)]);
    expect(ranked.slugs).to.deep.equal(['captain', 'chief', 'a', 'b', 'member', 'none']);
    expect(ranked.permissions).to.deep.equal(['users.view']);
    expect(positionsOf([])).to.deep.equal({ names: [], slugs: [], permissions: [] });
  });

  it('when a member holds positions of equal priority, then heldPositions answers them in that order whatever order they were granted', async () => {
    const org = await createSeededOrganization();
    const member = await createMember({ org, positions: [] });
    const make = (name: string) => Position.create({ organizationId: org.id, name, slug: `rank-${name.toLowerCase()}`, permissions: [], priority: 5, isSystem: false });
    const [zulu, alpha, mike] = [await make('zulu'), await make('Alpha'), await make('Mike')];
    for (const p of [zulu, mike, alpha]) await UserPosition.create({ userId: member.user.id, positionId: p.id });
    expect((await heldPositions(member.user.id, org.id)).names).to.deep.equal(['Alpha', 'Mike', 'zulu']);
  });
});
