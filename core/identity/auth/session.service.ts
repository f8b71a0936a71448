import crypto from 'node:crypto';
import { inject, injectable } from 'inversify';
import { Op, type Transaction } from 'sequelize';
import type { Cache } from '../../cache';
import type { Config } from '../../config';
import type { Database } from '../../database/database';
import type { Logger } from '../../logging/logger';
import { TOKENS } from '../../kernel/tokens';
import { JwtTokens, type TokenClaims } from '../../security/jwt-tokens';
import { randomToken, safeEqual, sha256Hex } from '../../security/token-hash';
import { UnauthorizedError } from '../../http/errors';
import { Session, type SessionRevokedReason } from '../models/session.model';
import { SessionStore, type CachedSession } from './session-store';
import { authErrors } from './auth-errors';
import type { RequestMeta } from './request-meta';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { auditEvent } from './auth-audit';

export interface IssuedSession {
  sessionId: string;
  userId: string;
  organizationId: string;
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  /** New on every login and refresh (the SPA waits for the cookie to change after login). */
  csrfToken: string;
  entry: CachedSession;
}

export type RefreshOutcome =
  | { kind: 'rotated'; issued: IssuedSession }
  | { kind: 'replayed'; userId: string; organizationId: string; revoked: string[] }
  | { kind: 'ended'; userId: string; organizationId: string; reason: SessionRevokedReason | null };

// Every sign-in writes one; plain SQL on the driver, since the model layer cost more than the statement.
const INSERT_SESSION_SQL = 'INSERT INTO sessions (id, user_id, organization_id, access_token_hash, refresh_token_hash, ip_address, user_agent, created_at, last_activity_at, expires_at) '
  + 'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Sessions: a `sessions` row per login (the truth), its state cached in Redis and checked on every
 * request (SessionStore), idle and absolute limits enforced here, refresh rotation with replay
 * detection. Cache writes happen after the database commit; if one is lost (Redis blip), the next
 * activity touch (at most one touch interval later) re-reads the row and corrects the cache.
 */
@injectable()
export class SessionService {
  readonly store: SessionStore;
  /** How often a session's last activity is written: at most once a minute, finer for tiny idle limits. */
  readonly touchIntervalMs: number;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Cache) cache: Cache,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(JwtTokens) private readonly tokens: JwtTokens,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    this.store = new SessionStore(cache);
    this.touchIntervalMs = Math.min(60_000, Math.floor(config.auth.sessionIdleMs / 4));
  }

  /** Creates the session row in `tx` and signs its tokens; call `remember()` after the commit. */
  async issue(tx: Transaction, user: { id: string; organizationId: string }, meta: RequestMeta): Promise<IssuedSession> {
    const sessionId = crypto.randomUUID();
    const now = Date.now();
    const expiresAt = new Date(now + this.config.auth.sessionAbsoluteMs);
    const signed = this.sign(user.id, user.organizationId, sessionId, expiresAt);
    const at = new Date(now);
    const accessHash = sha256Hex(signed.accessJti);
    await this.db.plain.write(INSERT_SESSION_SQL, [sessionId, user.id, user.organizationId, accessHash, sha256Hex(signed.refreshJti), meta.ip, meta.userAgent, at, at, expiresAt], tx);
    return this.issued(sessionId, user.id, user.organizationId, signed, { uid: user.id, org: user.organizationId, ah: accessHash, exp: expiresAt.getTime(), la: now });
  }

  /** Caches a just-committed session (a miss would be filled from the row anyway). */
  async remember(issued: IssuedSession): Promise<void> {
    await this.store.put(issued.organizationId, issued.sessionId, issued.entry).catch((err: Error) => this.logger.warn({ reason: err.message }, 'session cache write failed'));
  }

  /**
   * The per-request check behind every authenticated call: the session exists, is not revoked,
   * the token is its current one, and neither the absolute nor the idle limit has passed.
   * Throws 401 (session ended) or 503 (Redis unreachable: never let an unverified session through).
   */
  async validate(claims: TokenClaims): Promise<CachedSession> {
    const org = claims.org;
    const sid = claims.sid!;
    const state = (await this.store.get(org, sid)) ?? (await this.fill(claims));
    if (state.revoked || state.uid !== claims.sub || !safeEqual(state.ah, sha256Hex(claims.jti))) throw authErrors.sessionEnded();
    const now = Date.now();
    if (now >= state.exp) { await this.revoke(org, sid, 'expired'); throw authErrors.sessionEnded(); }
    if (now - state.la > this.config.auth.sessionIdleMs) { await this.revoke(org, sid, 'idle'); throw authErrors.sessionEnded(); }
    if (now - state.la >= this.touchIntervalMs) await this.touch(org, sid, now);
    return state;
  }

  /** Rotates both tokens for a valid refresh token; a replayed one revokes every session of its member. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<RefreshOutcome> {
    let claims: TokenClaims;
    try {
      claims = await this.tokens.verify(refreshToken, 'refresh');
    } catch (err) {
      if (err instanceof UnauthorizedError) throw authErrors.invalidRefresh();
      throw err;
    }
    const org = claims.org;
    const sid = claims.sid!;
    const presented = sha256Hex(claims.jti);
    return this.store.withLock(org, sid, async () => {
      const outcome = await this.db.transaction(async (tx): Promise<RefreshOutcome> => {
        const row = await Session.findOne({ where: { id: sid, userId: claims.sub, organizationId: org }, lock: tx.LOCK.UPDATE, transaction: tx });
        if (!row) throw authErrors.invalidRefresh();
        if (!safeEqual(row.refreshTokenHash, presented)) {
          // Signed by us for this session, yet not its current token: it was rotated already, so two
          // parties hold it. Treat as theft: end every session of the member.
          const revoked = await this.revokeAllRows(tx, claims.sub, 'refresh_replay');
          this.audit.record(tx, auditEvent('auth.refresh-replay', meta, { organizationId: org, userId: claims.sub, sessionId: sid, severity: 'critical', outcome: 'failure', eventData: { revoked_sessions: revoked.length } }));
          return { kind: 'replayed', userId: claims.sub, organizationId: org, revoked };
        }
        if (row.revokedAt) return { kind: 'ended', userId: claims.sub, organizationId: org, reason: row.revokedReason };
        const now = Date.now();
        const ended: SessionRevokedReason | null = now >= row.expiresAt.getTime() ? 'expired' : now - row.lastActivityAt.getTime() > this.config.auth.sessionIdleMs ? 'idle' : null;
        if (ended) {
          await row.update({ revokedAt: new Date(now), revokedReason: ended }, { transaction: tx });
          return { kind: 'ended', userId: claims.sub, organizationId: org, reason: ended };
        }
        const signed = this.sign(claims.sub, org, sid, row.expiresAt);
        await row.update({
          accessTokenHash: sha256Hex(signed.accessJti), previousRefreshHash: row.refreshTokenHash,
          refreshTokenHash: sha256Hex(signed.refreshJti), lastActivityAt: new Date(now),
          ipAddress: meta.ip, userAgent: meta.userAgent,
        }, { transaction: tx });
        this.audit.record(tx, auditEvent('auth.token-refreshed', meta, { organizationId: org, userId: claims.sub, sessionId: sid }));
        return { kind: 'rotated', issued: this.issued(sid, claims.sub, org, signed, { uid: claims.sub, org, ah: sha256Hex(signed.accessJti), exp: row.expiresAt.getTime(), la: now }) };
      });
      // Still under this session's lock, after the commit: the cache follows the row.
      if (outcome.kind === 'rotated') await this.store.put(org, sid, outcome.issued.entry);
      else if (outcome.kind === 'ended') await this.store.put(org, sid, this.tombstone(claims.sub, org));
      return outcome;
    }).then(async (outcome) => {
      if (outcome.kind === 'replayed') await this.forget(org, claims.sub, outcome.revoked);
      return outcome;
    });
  }

  /** Ends one session (logout, idle, expiry, admin). Returns false when it had already ended. */
  async revoke(organizationId: string, sessionId: string, reason: SessionRevokedReason, tx?: Transaction): Promise<boolean> {
    const [count] = await Session.update({ revokedAt: new Date(), revokedReason: reason }, { where: { id: sessionId, organizationId, revokedAt: null }, transaction: tx });
    const row = await Session.findByPk(sessionId, { attributes: ['id', 'userId'], raw: true, transaction: tx });
    const write = () => this.store.withLock(organizationId, sessionId, () => this.store.put(organizationId, sessionId, this.tombstone(row?.userId ?? '', organizationId)));
    if (tx) tx.afterCommit(() => write().catch((err: Error) => this.logger.warn({ reason: err.message }, 'session tombstone write failed')));
    else await write();
    return count > 0;
  }

  /**
   * Ends every session of a member (password change, deactivation, replay, admin), optionally
   * keeping one (the caller's). Marks the rows in `tx`; call `forget()` with the result after commit.
   */
  async revokeAllRows(tx: Transaction, userId: string, reason: SessionRevokedReason, exceptSessionId?: string): Promise<string[]> {
    const where = { userId, revokedAt: null, ...(exceptSessionId ? { id: { [Op.ne]: exceptSessionId } } : {}) };
    const rows = await Session.findAll({ where, attributes: ['id'], raw: true, transaction: tx });
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await Session.update({ revokedAt: new Date(), revokedReason: reason }, { where: { id: ids, revokedAt: null }, transaction: tx });
    return ids;
  }

  /** Writes tombstones for sessions revoked in the database. Failures are logged: the next touch corrects them. */
  async forget(organizationId: string, userId: string, sessionIds: readonly string[]): Promise<void> {
    for (const sid of sessionIds) {
      await this.store.withLock(organizationId, sid, () => this.store.put(organizationId, sid, this.tombstone(userId, organizationId)))
        .catch((err: Error) => this.logger.warn({ reason: err.message }, 'session tombstone write failed'));
    }
  }

  private tombstone(uid: string, org: string): CachedSession {
    return { uid, org, ah: '', exp: Date.now() + this.config.auth.sessionAbsoluteMs, la: 0, revoked: true };
  }

  /** Cache miss: read the row and cache what it says (without overwriting a concurrent write). */
  private async fill(claims: TokenClaims): Promise<CachedSession> {
    const row = await Session.findByPk(claims.sid!, { raw: true });
    if (!row || row.organizationId !== claims.org || row.userId !== claims.sub) throw authErrors.sessionEnded();
    const entry: CachedSession = row.revokedAt
      ? this.tombstone(row.userId, row.organizationId)
      : { uid: row.userId, org: row.organizationId, ah: row.accessTokenHash, exp: new Date(row.expiresAt).getTime(), la: new Date(row.lastActivityAt).getTime() };
    return this.store.fill(claims.org, claims.sid!, entry);
  }

  /** Records activity (row and cache) at most once per touch interval; skipped if another request holds the lock. */
  private async touch(org: string, sid: string, now: number): Promise<void> {
    const lock = await this.store.tryLock(org, sid);
    if (!lock) return;
    try {
      const current = await this.store.get(org, sid);
      if (!current || current.revoked) return;
      const [count] = await Session.update({ lastActivityAt: new Date(now) }, { where: { id: sid, revokedAt: null } });
      if (count === 0) {
        await this.store.put(org, sid, this.tombstone(current.uid, org));
        throw authErrors.sessionEnded();
      }
      await this.store.put(org, sid, { ...current, la: now });
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  private sign(userId: string, org: string, sid: string, sessionEnd: Date) {
    const left = sessionEnd.getTime() - Date.now();
    const access = this.tokens.sign({ sub: userId, org, sid, typ: 'access' }, Math.min(this.config.auth.accessTokenMs, left));
    const refresh = this.tokens.sign({ sub: userId, org, sid, typ: 'refresh' }, Math.min(this.config.auth.refreshTokenMs, left));
    return { access, refresh, accessJti: access.jti, refreshJti: refresh.jti };
  }

  private issued(sessionId: string, userId: string, organizationId: string, signed: Awaited<ReturnType<SessionService['sign']>>, entry: CachedSession): IssuedSession {
    return {
      sessionId, userId, organizationId,
      accessToken: signed.access.token, accessExpiresAt: signed.access.expiresAt,
      refreshToken: signed.refresh.token, refreshExpiresAt: signed.refresh.expiresAt,
      csrfToken: randomToken(32), entry,
    };
  }
}
