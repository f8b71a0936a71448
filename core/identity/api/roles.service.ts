import { inject, injectable } from 'inversify';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { ConflictError, NotFoundError } from '../../http/errors';
import { Position } from '../models/position.model';
import { UserPosition } from '../models/user-position.model';
import { PermissionCatalog } from '../permissions/permission-catalog';
import { parsePermissions } from '../permissions/effective-permissions';
import { assertCanGrant, assertDeletable, assertKnownPermissions, assertWildcardHolderRemains } from '../permissions/position-guards';
import { UserAuthStates } from '../auth/user-auth-state';
import { changeEvent, changedFields, type Actor } from './actor';
import { holdersOf, memberCounts, refreshMembers } from './position-members';
import { roleView, slugify } from './role-views';
import type { CreateRoleRequest, PermissionGroup, Role, RoleWithCount, UpdateRoleRequest } from './roles.types';

/**
 * Positions ("roles") of the caller's organization. The rule behind every write: you manage only
 * positions whose permissions you hold yourself (the grant ceiling applies to what a position has
 * and to what it would get), so nobody edits, strips or deletes a position above their own.
 */
@injectable()
export class RolesService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(PermissionCatalog) private readonly catalog: PermissionCatalog,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  permissionsByCategory(): PermissionGroup[] {
    return this.catalog.byCategory().map((g) => ({ category: g.category, permissions: g.permissions.map((p) => ({ name: p.name, description: p.description, category: p.category })) }));
  }

  async list(organizationId: string): Promise<RoleWithCount[]> {
    const [positions, counts] = await Promise.all([
      Position.findAll({ where: { organizationId }, order: [['priority', 'DESC'], ['name', 'ASC']], raw: true }),
      memberCounts(this.db, organizationId),
    ]);
    return positions.map((p) => ({ ...roleView(p), user_count: counts.get(p.id) ?? 0 }));
  }

  async create(actor: Actor, body: CreateRoleRequest): Promise<Role> {
    const permissions = [...new Set(body.permissions)].sort();
    assertKnownPermissions(this.catalog, permissions);
    assertCanGrant(actor.auth.permissions, permissions);
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const slug = await this.freeSlug(org, slugify(body.name));
      const p = await Position.create({ organizationId: org, name: body.name.trim(), slug, description: body.description ?? null, permissions, isSystem: false, priority: body.priority ?? 50 }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'position.created', eventCategory: 'positions', resourceType: 'position', resourceId: p.id, eventData: { name: p.name, slug, permissions } }));
      return roleView(p);
    }).catch((err: unknown) => {
      // Two creates racing for the same slug: the unique index decides, the loser is told plainly.
      if (err instanceof UniqueConstraintError) throw new ConflictError('A role with this name was just created; try again', 'LB-ROLE-005');
      throw err;
    });
  }

  async update(actor: Actor, id: string, body: UpdateRoleRequest): Promise<Role> {
    const org = actor.auth.organizationId;
    const next = body.permissions ? [...new Set(body.permissions)].sort() : undefined;
    if (next) assertKnownPermissions(this.catalog, next);
    const { role, holders } = await this.db.transaction(async (tx) => {
      const p = await this.find(org, id, tx);
      const current = parsePermissions(p.permissions);
      assertCanGrant(actor.auth.permissions, [...current, ...(next ?? [])]);
      if (next) await assertWildcardHolderRemains(tx, org, { position: { id: p.id, permissions: next } });
      // The slug never changes (system positions are found by it, and it is what scripts reference).
      await p.update({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(next ? { permissions: next } : {}),
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
      }, { transaction: tx });
      const added = next ? next.filter((x) => !current.includes(x)) : [];
      const removed = next ? current.filter((x) => !next.includes(x)) : [];
      this.audit.record(tx, changeEvent(actor, {
        eventType: 'position.updated', eventCategory: 'positions', resourceType: 'position', resourceId: p.id,
        severity: added.length + removed.length > 0 ? 'warning' : 'info',
        eventData: { slug: p.slug, changed: changedFields(body), permissions_added: added, permissions_removed: removed },
      }));
      return { role: roleView(p), holders: next ? await holdersOf(p.id, tx) : [] };
    });
    await refreshMembers(this.states, org, holders);
    return role;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    const holders = await this.db.transaction(async (tx) => {
      const p = await this.find(org, id, tx);
      assertDeletable(p);
      assertCanGrant(actor.auth.permissions, parsePermissions(p.permissions));
      await assertWildcardHolderRemains(tx, org, { position: { id: p.id, permissions: null } });
      const ids = await holdersOf(p.id, tx);
      await UserPosition.destroy({ where: { positionId: p.id }, transaction: tx });
      await p.destroy({ transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'position.deleted', eventCategory: 'positions', resourceType: 'position', resourceId: p.id, severity: 'warning', eventData: { name: p.name, slug: p.slug, members_affected: ids.length } }));
      return ids;
    });
    await refreshMembers(this.states, org, holders);
  }

  /** Another organization's position is answered exactly like a missing one. */
  private async find(organizationId: string, id: string, tx: Transaction): Promise<Position> {
    const p = await Position.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!p) throw new NotFoundError('Role not found', 'LB-ROLE-004');
    return p;
  }

  private async freeSlug(organizationId: string, base: string): Promise<string> {
    const taken = new Set((await Position.findAll({ where: { organizationId }, attributes: ['slug'], raw: true })).map((p) => p.slug));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
  }
}
