import { inject, injectable } from 'inversify';
import { QueryTypes, type Transaction } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { NotFoundError } from '../../../core/http/errors';
import { bool } from './rows';

export interface MemberInfo {
  id: string;
  name: string;
  /** How a message addresses the member ("Alex holds no current ..."): first name, else username. */
  firstName: string;
  email: string;
  membershipType: string | null;
  exempt: boolean;
  /** Ids and slugs of the member's positions. */
  positions: string[];
  /** Slugs only. */
  positionSlugs: string[];
}

interface UserRow {
  id: string;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  membership_type: string | null;
  compliance_exempt: unknown;
}

interface PositionRow {
  user_id: string;
  id: string;
  slug: string;
}

// Members who count for compliance: those who may sign in (active, probationary, on leave).
const COUNTED_STATUSES = ['active', 'probationary', 'leave'];

/**
 * The organization's members as training sees them: names, emails, membership type, exemption and
 * positions. Two queries whatever the number of members (never one per member). Reads the core's
 * identity tables with explicit columns only; no encrypted column is ever selected.
 */
@injectable()
export class MemberDirectory {
  constructor(@inject(TOKENS.Database) private readonly db: Database) {}

  async list(organizationId: string, userIds?: readonly string[], anyStatus = false): Promise<Map<string, MemberInfo>> {
    if (userIds && userIds.length === 0) return new Map();
    const byId = userIds ? ' AND id IN (:userIds)' : '';
    const users = await this.db.sequelize.query<UserRow>(
      `SELECT id, username, email, first_name, last_name, membership_type, compliance_exempt FROM users
       WHERE organization_id = :organizationId AND deleted_at IS NULL${anyStatus ? '' : ' AND status IN (:statuses)'}${byId}`,
      { type: QueryTypes.SELECT, replacements: { organizationId, statuses: COUNTED_STATUSES, userIds: userIds ?? [] } },
    );
    const positions = await this.db.sequelize.query<PositionRow>(
      `SELECT up.user_id, p.id, p.slug FROM user_positions up JOIN positions p ON p.id = up.position_id
       WHERE p.organization_id = :organizationId${userIds ? ' AND up.user_id IN (:userIds)' : ''}`,
      { type: QueryTypes.SELECT, replacements: { organizationId, userIds: userIds ?? [] } },
    );
    const members = new Map<string, MemberInfo>();
    for (const u of users) {
      const name = [u.first_name, u.last_name].filter(Boolean).join(' ').trim() || u.username;
      members.set(u.id, { id: u.id, name, firstName: u.first_name?.trim() || u.username, email: u.email, membershipType: u.membership_type, exempt: bool(u.compliance_exempt), positions: [], positionSlugs: [] });
    }
    for (const p of positions) {
      const m = members.get(p.user_id);
      if (!m) continue;
      m.positions.push(p.id, p.slug);
      m.positionSlugs.push(p.slug);
    }
    return members;
  }

  /** One member of the organization; another organization's id is answered like a missing one. */
  async get(organizationId: string, userId: string): Promise<MemberInfo> {
    const member = (await this.list(organizationId, [userId], true)).get(userId);
    if (!member) throw new NotFoundError('Member not found', 'LB-TRN-001');
    return member;
  }

  /**
   * Whether a user id belongs to the organization at all (any status, not deleted). Inside a
   * transaction, pass it: a second connection per open transaction starves the pool under load.
   */
  async exists(organizationId: string, userId: string, tx?: Transaction): Promise<boolean> {
    const rows = await this.db.sequelize.query<{ id: string }>(
      'SELECT id FROM users WHERE id = :userId AND organization_id = :organizationId AND deleted_at IS NULL',
      { type: QueryTypes.SELECT, replacements: { organizationId, userId }, transaction: tx },
    );
    return rows.length > 0;
  }
}
