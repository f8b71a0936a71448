import { inject, injectable } from 'inversify';
import type { Cache } from '../../cache';
import type { Config } from '../../config';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { PasswordHasher } from '../../security/passwords/password-hasher';
import { JwtTokens } from '../../security/jwt-tokens';
import { identityKey, LOGIN_STATUSES, User } from '../models/user.model';
import { SessionService, type IssuedSession } from './session.service';
import { LoginThrottle } from './login-throttle';
import { authErrors } from './auth-errors';
import { auditEvent } from './auth-audit';
import type { RequestMeta } from './request-meta';
import { MEMBER_COLUMNS, type MemberRow } from './current-user';
import { positionsOf, type HeldPositions } from '../permissions/effective-permissions';

export const MFA_TOKEN_TTL_MS = 5 * 60_000;

export type LoginOutcome =
  | { kind: 'session'; issued: IssuedSession; member: MemberRow; positions: HeldPositions }
  | { kind: 'mfa'; mfaToken: string };

/**
 * What a sign-in reads: the member as CurrentUser needs it, the password hash, lock and organization
 * state (personal fields stay encrypted and unread), and one of the member's positions per row.
 */
interface LoginRow extends MemberRow {
  password_hash: string | null;
  /** DATETIME as the driver returns it (a Date on MySQL/MariaDB, a string on SQLite). */
  locked_until: Date | string | null;
  organization_active: boolean | number | null;
  /** Null when the member holds no position (the row is then the only one). */
  position_name: string | null;
  position_slug: string | null;
  position_permissions: unknown;
  position_priority: number | string | null;
}

// One statement for the account, its organization, its positions and everything the answer needs,
// sent as plain SQL on the driver: sign-in is bounded by the password hashing, and everything else
// it does competes with that hashing for the same cores (so the answer is built from these rows,
// not read again). A position of another organization joins as nulls and is skipped. No ORDER BY:
// see byRank() for what sorting rows with a JSON column costs MariaDB; accountOf() orders in JS.
const LOGIN_SQL = `SELECT ${MEMBER_COLUMNS}, u.password_hash, u.locked_until, o.active AS organization_active, `
  + 'p.name AS position_name, p.slug AS position_slug, p.permissions AS position_permissions, p.priority AS position_priority '
  + 'FROM users u LEFT JOIN organizations o ON o.id = u.organization_id '
  + 'LEFT JOIN user_positions up ON up.user_id = u.id '
  + 'LEFT JOIN positions p ON p.id = up.position_id AND p.organization_id = u.organization_id '
  + 'WHERE (u.username_key = ? OR u.email_key = ?) AND u.deleted_at IS NULL';

/**
 * The account the rows hold and its positions. The identifier can match two members (one's
 * username is another's email); the lower id wins, as it always has, so the answer never depends
 * on the order the rows came in.
 */
function accountOf(rows: LoginRow[]): { user: LoginRow; positions: HeldPositions } | null {
  if (rows.length === 0) return null;
  let user = rows[0];
  for (const r of rows) if (r.id < user.id) user = r;
  const held = rows.filter((r) => r.id === user.id && r.position_name !== null && r.position_slug !== null);
  return { user, positions: positionsOf(held.map((r) => ({ name: r.position_name!, slug: r.position_slug!, permissions: r.position_permissions, priority: r.position_priority }))) };
}

// The sign-in's writes, as plain SQL for the same reason (the model layer cost more than the statements).
const SIGNED_IN_SET = 'UPDATE users SET last_login_at = ?, failed_login_count = 0, locked_until = NULL, updated_at = ?';

/**
 * Password sign-in. Unknown accounts and wrong passwords cost the same (a dummy argon2
 * verification), answer the same 401, and are throttled and "locked" the same way; the account
 * state (inactive, MFA) is revealed only after the right password.
 */
@injectable()
export class LoginService {
  readonly throttle: LoginThrottle;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Cache) cache: Cache,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(JwtTokens) private readonly tokens: JwtTokens,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    this.throttle = new LoginThrottle(cache, config.auth);
  }

  async login(identifierInput: string, password: string, meta: RequestMeta): Promise<LoginOutcome> {
    // A flood beyond the hashing bound is refused before it costs a Redis round trip and a lookup
    // (identity bench, 32 clients: twice as many refusals per second for the same CPU).
    this.hasher.refuseWhenSaturated();
    const identifier = identityKey(identifierInput);
    await this.throttle.beforeAttempt(identifier, meta.ip);
    const account = accountOf(await this.db.plain.select<LoginRow>(LOGIN_SQL, [identifier, identifier]));

    if (!account) {
      const locked = await this.throttle.unknownLockRemaining(identifier);
      if (locked > 0) throw authErrors.lockedOut(locked);
      await this.hasher.verifyDummy(password);
      await this.throttle.failedFromIp(meta.ip);
      const nowLocked = await this.throttle.failedUnknown(identifier);
      await this.audit.recordStandalone(auditEvent('auth.login-failed', meta, { organizationId: null, severity: 'warning', outcome: 'failure', eventData: { reason: 'invalid_credentials', locked: nowLocked } }));
      throw authErrors.invalidCredentials();
    }

    const { user } = account;
    const lockedUntil = user.locked_until ? new Date(user.locked_until).getTime() : 0;
    if (lockedUntil > Date.now()) throw authErrors.lockedOut((lockedUntil - Date.now()) / 1000);

    const ok = user.password_hash ? await this.hasher.verify(user.password_hash, password, { evenTiming: true }) : await this.hasher.verifyDummy(password);
    if (!ok) {
      await this.throttle.failedFromIp(meta.ip);
      await this.recordFailure(user, meta);
      throw authErrors.invalidCredentials();
    }

    if (!LOGIN_STATUSES.has(user.status) || !user.organization_active) {
      await this.audit.recordStandalone(auditEvent('auth.login-failed', meta, { organizationId: user.organization_id, userId: user.id, username: user.username, severity: 'warning', outcome: 'failure', eventData: { reason: 'inactive', status: user.status } }));
      throw authErrors.inactive();
    }

    // Parameters changed since this hash was made: store a fresh one now that we have the password.
    const rehashed = this.hasher.needsRehash(user.password_hash!) ? await this.hasher.hash(password) : null;

    const member = { id: user.id, organizationId: user.organization_id, username: user.username };
    if (user.mfa_enabled) {
      await User.update({ failedLoginCount: 0, lockedUntil: null, ...(rehashed ? { passwordHash: rehashed } : {}) }, { where: { id: user.id } });
      const token = this.tokens.sign({ sub: user.id, org: user.organization_id, typ: 'mfa_pending' }, MFA_TOKEN_TTL_MS);
      await this.audit.recordStandalone(auditEvent('auth.mfa-challenge', meta, { organizationId: user.organization_id, userId: user.id, username: user.username }));
      return { kind: 'mfa', mfaToken: token.token };
    }
    const issued = await this.startSession(member, meta, 'password', rehashed);
    return { kind: 'session', issued, member: user, positions: account.positions };
  }

  /** Opens a session after every factor has been checked: resets the failure count, audits the login. */
  async startSession(user: Pick<User, 'id' | 'organizationId' | 'username'>, meta: RequestMeta, method: 'password' | 'totp' | 'recovery_code', rehashed: string | null = null): Promise<IssuedSession> {
    const issued = await this.db.transaction(async (tx) => {
      const now = new Date();
      const sql = rehashed ? `${SIGNED_IN_SET}, password_hash = ? WHERE id = ?` : `${SIGNED_IN_SET} WHERE id = ?`;
      await this.db.plain.write(sql, rehashed ? [now, now, rehashed, user.id] : [now, now, user.id], tx);
      const session = await this.sessions.issue(tx, user, meta);
      this.audit.record(tx, auditEvent('auth.login', meta, { organizationId: user.organizationId, userId: user.id, username: user.username, sessionId: session.sessionId, eventData: { method, rehashed: rehashed !== null } }));
      return session;
    });
    await this.sessions.remember(issued);
    return issued;
  }

  /** One more failure on a real account; the one that reaches the limit locks it. */
  private async recordFailure(user: LoginRow, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await User.findOne({ where: { id: user.id }, attributes: ['id', 'failedLoginCount'], lock: tx.LOCK.UPDATE, transaction: tx, raw: true });
      const count = (row?.failedLoginCount ?? 0) + 1;
      const lock = count >= this.config.auth.maxLoginAttempts;
      await User.update(lock ? { failedLoginCount: 0, lockedUntil: new Date(Date.now() + this.config.auth.lockoutMs) } : { failedLoginCount: count }, { where: { id: user.id }, transaction: tx });
      const who = { organizationId: user.organization_id, userId: user.id, username: user.username };
      this.audit.record(tx, auditEvent('auth.login-failed', meta, { ...who, severity: 'warning', outcome: 'failure', eventData: { reason: 'invalid_credentials', failed_count: count } }));
      if (lock) this.audit.record(tx, auditEvent('auth.account-locked', meta, { ...who, severity: 'critical', outcome: 'failure', eventData: { lockout_minutes: Math.round(this.config.auth.lockoutMs / 60_000) } }));
    });
  }
}
