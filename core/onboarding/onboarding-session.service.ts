import { injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { randomToken, safeEqual, sha256Hex } from '../security/token-hash';
import { OnboardingSession } from './models/onboarding-session.model';
import { onboardingErrors } from './onboarding-errors';

/** 30 minutes without a step and the session is gone (sliding: every accepted step extends it). */
export const ONBOARDING_IDLE_MS = 30 * 60_000;

/** What the steps collected so far (plain JSON; stored encrypted as one value). */
export interface OnboardingData {
  organizationId?: string;
  adminUserId?: string;
  steps?: string[];
  modules?: string[];
  [section: string]: unknown;
}

export interface OpenedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  row: OnboardingSession;
  data: OnboardingData;
}

/** The wizard's own session: an X-Session-ID plus its CSRF token, checked on every step. */
@injectable()
export class OnboardingSessionService {
  async open(tx: Transaction): Promise<OpenedSession> {
    const sessionId = randomToken(32);
    const csrfToken = randomToken(32);
    const expiresAt = new Date(Date.now() + ONBOARDING_IDLE_MS);
    await OnboardingSession.create({ sessionHash: sha256Hex(sessionId), csrfHash: sha256Hex(csrfToken), data: JSON.stringify({ steps: [] }), expiresAt }, { transaction: tx });
    return { sessionId, csrfToken, expiresAt };
  }

  /** The session named by the headers, locked in `tx`; 401 without or with an unknown/expired one, 403 on a wrong CSRF token. */
  async require(tx: Transaction, sessionId: string | undefined, csrfToken: string | undefined): Promise<ActiveSession> {
    if (!sessionId) throw onboardingErrors.sessionMissing();
    if (sessionId.length > 200) throw onboardingErrors.sessionInvalid();
    const row = await OnboardingSession.findOne({ where: { sessionHash: sha256Hex(sessionId) }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!row || row.expiresAt.getTime() <= Date.now()) throw onboardingErrors.sessionInvalid();
    if (!csrfToken || !safeEqual(row.csrfHash, sha256Hex(csrfToken))) throw onboardingErrors.csrfInvalid();
    return { row, data: JSON.parse(row.data ?? '{}') as OnboardingData };
  }

  /** Saves the data, records the step and slides the expiry. */
  async save(tx: Transaction, session: ActiveSession, step: string | null): Promise<void> {
    const steps = new Set(session.data.steps ?? []);
    if (step) steps.add(step);
    session.data.steps = [...steps];
    await session.row.update({ data: JSON.stringify(session.data), expiresAt: new Date(Date.now() + ONBOARDING_IDLE_MS) }, { transaction: tx });
  }

  /** Removes every session (completion and reset): the ids in clients' storage stop working. */
  async closeAll(tx: Transaction): Promise<void> {
    await OnboardingSession.destroy({ where: {}, transaction: tx });
  }
}
