import { Op, type Transaction } from 'sequelize';
import { User } from '../../../core/identity/models/user.model';

/** What scheduling needs to know about a member (no personal fields). */
export interface MemberFacts {
  id: string;
  status: string;
  membershipType: string;
  name: string;
  email: string;
}

const ATTRIBUTES = ['id', 'status', 'membershipType', 'firstName', 'lastName', 'username', 'email'] as const;
type Row = Pick<User, (typeof ATTRIBUTES)[number]>;

function facts(row: Row): MemberFacts {
  const name = [row.firstName, row.lastName].filter(Boolean).join(' ').trim() || row.username;
  return { id: row.id, status: row.status, membershipType: row.membershipType, name, email: row.email };
}

/**
 * Members of the caller's organization, read from the core's users table (never written here).
 * Deleted members do not exist for scheduling.
 */
export class Members {
  /**
   * Reads and locks a member's row (SELECT ... FOR UPDATE). Every seat change for a member takes
   * this lock after the shift's, so two requests booking one member on two overlapping shifts are
   * serialized and the second sees the first's assignment.
   */
  static async lock(tx: Transaction, organizationId: string, userId: string): Promise<MemberFacts | null> {
    const row = await User.findOne({
      where: { id: userId, organizationId, deletedAt: null }, attributes: [...ATTRIBUTES], transaction: tx, lock: tx.LOCK.UPDATE, raw: true,
    });
    return row ? facts(row as Row) : null;
  }

  /** Locks several members, in id order (a fixed order, so two such transactions cannot deadlock each other). */
  static async lockMany(tx: Transaction, organizationId: string, userIds: readonly string[]): Promise<Map<string, MemberFacts>> {
    const out = new Map<string, MemberFacts>();
    for (const id of [...new Set(userIds)].sort()) {
      const m = await Members.lock(tx, organizationId, id);
      if (m) out.set(id, m);
    }
    return out;
  }

  static async find(organizationId: string, userId: string): Promise<MemberFacts | null> {
    const row = await User.findOne({ where: { id: userId, organizationId, deletedAt: null }, attributes: [...ATTRIBUTES], raw: true });
    return row ? facts(row as Row) : null;
  }

  /** Facts of many members in one query. */
  static async many(organizationId: string, userIds: readonly string[]): Promise<Map<string, MemberFacts>> {
    const ids = [...new Set(userIds.filter(Boolean))];
    if (ids.length === 0) return new Map();
    const rows = await User.findAll({ where: { organizationId, id: { [Op.in]: ids }, deletedAt: null }, attributes: [...ATTRIBUTES], raw: true });
    return new Map(rows.map((r) => [r.id, facts(r as Row)]));
  }

  /** Every member of the organization that can be scheduled at all (for unavailable-member lists). */
  static async all(organizationId: string): Promise<MemberFacts[]> {
    const rows = await User.findAll({ where: { organizationId, deletedAt: null }, attributes: [...ATTRIBUTES], raw: true });
    return rows.map((r) => facts(r as Row));
  }
}
