import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import type { Database } from '../database/database';
import { TOKENS } from '../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder, type AuditEvent } from '../audit/audit.types';
import { ModuleConfigService } from '../modules/module-config.service';
import { Organization } from '../identity/models/organization.model';
import { User } from '../identity/models/user.model';
import type { RequestMeta } from '../identity/auth/request-meta';
import { INSTALLATION_ROW, OnboardingStatus } from './models/onboarding-status.model';
import { OnboardingSessionService, type ActiveSession } from './onboarding-session.service';
import { onboardingErrors } from './onboarding-errors';
import { persistModules } from './steps/modules-step';
import type { CompleteResponse, OnboardingStatusResponse, StartResponse } from './onboarding.types';

/** The wizard's pages in the SPA's order (spa-contract §2.6). */
export const ONBOARDING_STEPS = ['organization', 'stations', 'apparatus', 'department', 'email', 'file_storage', 'auth', 'system_owner', 'it_team', 'positions', 'modules'] as const;

/** The X-Session-ID and X-CSRF-Token headers of a step. */
export interface StepCredentials {
  sessionId: string | undefined;
  csrfToken: string | undefined;
}

/**
 * The installation's onboarding: whether it is needed, the session that runs it, completion and
 * reset. The steps themselves live in OnboardingStepsService and run through `step()`, which
 * checks the session and its CSRF token, refuses after completion, saves the session and audits,
 * all in one transaction.
 */
@injectable()
export class OnboardingService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(OnboardingSessionService) private readonly sessions: OnboardingSessionService,
    @inject(ModuleConfigService) private readonly moduleConfig: ModuleConfigService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /**
   * Onboarding is needed until /complete ran. An installation whose organizations were created
   * without the wizard (the CLI) and that never started it does not need it.
   */
  async status(): Promise<OnboardingStatusResponse> {
    const row = await OnboardingStatus.findByPk(INSTALLATION_ROW, { raw: true });
    const completed = Boolean(row?.completedAt);
    const orgId = row?.organizationId ?? null;
    const org = orgId
      ? await Organization.findByPk(orgId, { attributes: ['name'], raw: true })
      : await Organization.findOne({ attributes: ['name'], order: [['createdAt', 'ASC']], raw: true });
    const needs = !completed && (row !== null || org === null);
    const done = completed ? [...ONBOARDING_STEPS] : (row?.stepsCompleted ?? []);
    return {
      needs_onboarding: needs, is_completed: !needs, current_step: Math.min(done.length + 1, ONBOARDING_STEPS.length),
      total_steps: ONBOARDING_STEPS.length, steps_completed: done, organization_name: org?.name ?? null,
    };
  }

  async start(meta: RequestMeta): Promise<StartResponse> {
    const opened = await this.db.transaction(async (tx) => {
      const row = await this.lockStatus(tx);
      if (row?.completedAt) throw onboardingErrors.completed();
      if ((await Organization.count({ transaction: tx })) > 0) throw onboardingErrors.organizationExists();
      if (!row) await OnboardingStatus.create({ id: INSTALLATION_ROW, stepsCompleted: [] }, { transaction: tx });
      const s = await this.sessions.open(tx);
      this.audit.record(tx, this.event('onboarding.started', meta, null));
      return s;
    }).catch((err: unknown) => {
      // Two first starts at once both see no status row; the loser's insert clashes (or deadlocks).
      const e = err as { name?: string; original?: { code?: string } };
      if (e.name === 'SequelizeUniqueConstraintError' || e.original?.code === 'ER_LOCK_DEADLOCK') throw onboardingErrors.concurrentStart();
      throw err;
    });
    return {
      session_id: opened.sessionId, expires_at: opened.expiresAt.toISOString(), csrf_token: opened.csrfToken,
      message: 'Onboarding session started', current_step: 1, steps: [...ONBOARDING_STEPS],
    };
  }

  /**
   * Runs `work` under the same guard as a step (session, CSRF token, not completed) without
   * recording a step: for helpers such as the mail test that change nothing.
   */
  async withSession<T>(credentials: StepCredentials, work: (tx: Transaction, session: ActiveSession) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const row = await OnboardingStatus.findByPk(INSTALLATION_ROW, { transaction: tx });
      if (row?.completedAt) throw onboardingErrors.completed();
      return work(tx, await this.sessions.require(tx, credentials.sessionId, credentials.csrfToken));
    });
  }

  /** Runs one step under the session guard; `work` may throw to refuse (nothing is then saved). */
  async step<T>(credentials: StepCredentials, name: string, meta: RequestMeta, work: (tx: Transaction, session: ActiveSession) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockStatus(tx);
      if (row?.completedAt) throw onboardingErrors.completed();
      const session = await this.sessions.require(tx, credentials.sessionId, credentials.csrfToken);
      const result = await work(tx, session);
      await this.sessions.save(tx, session, name);
      if (row) await row.update({ stepsCompleted: session.data.steps ?? [], organizationId: session.data.organizationId ?? null, adminUserId: session.data.adminUserId ?? null }, { transaction: tx });
      this.audit.record(tx, this.event(`onboarding.step.${name}`, meta, session.data.organizationId ?? null, session.data.adminUserId ?? null));
      return result;
    });
  }

  /** Persists the modules, marks the installation onboarded and ends every wizard session. */
  async complete(credentials: StepCredentials, meta: RequestMeta): Promise<CompleteResponse> {
    let orgId = '';
    const out = await this.step(credentials, 'complete', meta, async (tx, session) => {
      const org = session.data.organizationId ? await Organization.findByPk(session.data.organizationId, { transaction: tx }) : null;
      if (!org) throw onboardingErrors.stepOrder('Create the organization before completing onboarding');
      const admin = session.data.adminUserId ? await User.findByPk(session.data.adminUserId, { attributes: ['id', 'username', 'email'], transaction: tx }) : null;
      if (!admin) throw onboardingErrors.stepOrder('Create the system owner account before completing onboarding');
      if (session.data.modules) await persistModules(tx, this.moduleConfig, org.id, session.data.modules, admin.id);
      const completedAt = new Date();
      await OnboardingStatus.upsert({ id: INSTALLATION_ROW, completedAt, organizationId: org.id, adminUserId: admin.id, stepsCompleted: [...ONBOARDING_STEPS] }, { transaction: tx });
      this.audit.record(tx, { ...this.event('onboarding.completed', meta, org.id, admin.id), severity: 'warning' });
      orgId = org.id;
      return {
        message: 'Onboarding completed', organization: { id: org.id, name: org.name, slug: org.slug },
        admin_user: { id: admin.id, username: admin.username, email: admin.email }, completed_at: completedAt.toISOString(),
        next_steps: ['Sign in with the system owner account', 'Invite members', 'Review positions and permissions', 'Configure the enabled modules'],
      };
    });
    // After the step saved its session: the sessions end only once the completion is committed.
    await this.db.transaction(async (tx) => this.sessions.closeAll(tx));
    if (orgId) await this.moduleConfig.announce(orgId);
    return out;
  }

  /**
   * Starts over (before completion only): the wizard's sessions end, and the organization it
   * created (with its members and positions, by cascade) is removed, so /start works again.
   */
  async reset(credentials: StepCredentials, meta: RequestMeta): Promise<void> {
    await this.step(credentials, 'reset', meta, async (tx, session) => {
      if (session.data.organizationId) await Organization.destroy({ where: { id: session.data.organizationId }, transaction: tx });
      session.data = { steps: [] };
    });
    await this.db.transaction(async (tx) => {
      await this.sessions.closeAll(tx);
      await OnboardingStatus.destroy({ where: { id: INSTALLATION_ROW, completedAt: null }, transaction: tx });
    });
  }

  private lockStatus(tx: Transaction): Promise<OnboardingStatus | null> {
    return OnboardingStatus.findByPk(INSTALLATION_ROW, { transaction: tx, lock: tx.LOCK.UPDATE });
  }

  private event(eventType: string, meta: RequestMeta, organizationId: string | null, userId: string | null = null): AuditEvent {
    return {
      eventType, eventCategory: 'onboarding', severity: 'info', outcome: 'success', organizationId, userId,
      ipAddress: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId, eventData: {},
    };
  }
}
