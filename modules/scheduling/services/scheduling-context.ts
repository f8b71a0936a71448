import { inject, injectable } from 'inversify';
import { Transaction } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { Organization } from '../../../core/identity/models/organization.model';
import type { SchedulingSettings } from '../scheduling.settings';
import { isValidTimeZone } from '../domain/zoned-time';

const DEADLOCK_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 4;

function isDeadlock(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; parent?: unknown; original?: unknown };
    if (typeof e.code === 'string' && DEADLOCK_CODES.has(e.code)) return true;
    current = e.original ?? e.parent;
  }
  return false;
}

/** What every scheduling service needs: the organization's timezone and settings, and write transactions. */
@injectable()
export class SchedulingContext {
  constructor(
    @inject(TOKENS.Database) readonly db: Database,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
  ) {}

  async settings(organizationId: string): Promise<SchedulingSettings> {
    return await this.modules.settings(organizationId, 'scheduling') as unknown as SchedulingSettings;
  }

  /** The organization's timezone (calendar days, "today", patterns); UTC when unset or unknown. */
  async timezone(organizationId: string): Promise<string> {
    const org = await Organization.findOne({ where: { id: organizationId }, attributes: ['timezone'], raw: true });
    return org && isValidTimeZone(org.timezone) ? org.timezone : 'UTC';
  }

  /**
   * A write transaction for seat changes. On MariaDB it runs READ COMMITTED: the invariants come from
   * row locks (the shift row, then the members' rows, always in that order) and unique keys, and
   * every read after a lock must see what the previous holder committed, not a snapshot taken
   * before the wait (REPEATABLE READ would). InnoDB may still pick a deadlock victim when two
   * requests lock rows of different shifts in opposite orders (swaps); the victim is rolled back
   * whole and retried, a bounded number of times.
   */
  async write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const options = this.db.dialect === 'mysql' ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {};
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(work, options);
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !isDeadlock(err)) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }
}
