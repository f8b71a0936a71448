import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { FieldCipher } from '../encryption';
import { AppError, ValidationError, type FieldProblem } from '../http/errors';
import { Organization } from '../identity/models/organization.model';
import { OrganizationSettingsCodec, parseSettings } from '../identity/organization-settings';
import { PasswordService } from '../identity/auth/password.service';
import { SessionService, type IssuedSession } from '../identity/auth/session.service';
import type { RequestMeta } from '../identity/auth/request-meta';
import { OnboardingService, type StepCredentials } from './onboarding.service';
import type { ActiveSession } from './onboarding-session.service';
import { onboardingErrors } from './onboarding-errors';
import { createOrganizationWithPositions, slugify, uniqueSlug } from './organization-factory';
import { createAdminMember } from './admin-member';
import { organizationProblems, toNewOrganization } from './steps/organization-step';
import { upsertPositions } from './steps/positions-step';
import { normaliseModules } from './steps/modules-step';
import { logoProblem } from './steps/logo';
import type {
  ApparatusStepRequest, AuthStepRequest, DepartmentStepRequest, ItTeamStepRequest, ModulesStepRequest, OrganizationStepRequest,
  OrganizationStepResponse, PlatformStepRequest, PositionsStepRequest, PositionsStepResponse, StationsStepRequest, StepResponse,
  SystemOwnerRequest, SystemOwnerResponse,
} from './onboarding.types';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function ok(step: string, message: string): StepResponse {
  return { success: true, message, step };
}

/** The wizard's steps (spa-contract §2.6), each run through OnboardingService.step(). */
@injectable()
export class OnboardingStepsService {
  constructor(
    @inject(OnboardingService) private readonly onboarding: OnboardingService,
    @inject(PasswordService) private readonly passwords: PasswordService,
    @inject(SessionService) private readonly authSessions: SessionService,
    @inject(OrganizationSettingsCodec) private readonly settingsCodec: OrganizationSettingsCodec,
    @inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  /** Creates the department now (branding and status report it from here on), with its system positions. */
  async organization(c: StepCredentials, body: OrganizationStepRequest, meta: RequestMeta): Promise<OrganizationStepResponse> {
    const problems = organizationProblems(body);
    if (problems.length) throw new ValidationError(problems);
    return this.onboarding.step(c, 'organization', meta, async (tx, session) => {
      if (session.data.organizationId) throw onboardingErrors.stepOrder('The organization has already been created in this session');
      const org = await createOrganizationWithPositions(tx, toNewOrganization(body, await uniqueSlug(tx, slugify(body.name))));
      session.data.organizationId = org.id;
      return { id: org.id, name: org.name, slug: org.slug, organization_type: org.organizationType, timezone: org.timezone, active: org.active, created_at: org.createdAt.toISOString() };
    });
  }

  async stations(c: StepCredentials, body: StationsStepRequest, meta: RequestMeta): Promise<StepResponse> {
    return this.onboarding.step(c, 'stations', meta, async (tx, session) => {
      await this.mergeSettings(tx, session, { onboarding_stations: body.stations });
      return ok('stations', body.stations.length ? `${body.stations.length} station(s) saved` : 'Stations skipped');
    });
  }

  async apparatus(c: StepCredentials, body: ApparatusStepRequest, meta: RequestMeta): Promise<StepResponse> {
    return this.onboarding.step(c, 'apparatus', meta, async (tx, session) => {
      await this.mergeSettings(tx, session, { onboarding_apparatus: body.apparatus });
      return ok('apparatus', `${body.apparatus.length} apparatus saved`);
    });
  }

  async department(c: StepCredentials, body: DepartmentStepRequest, meta: RequestMeta): Promise<StepResponse> {
    if (body.logo && logoProblem(body.logo)) throw new ValidationError([{ field: 'logo', message: logoProblem(body.logo)! }]);
    return this.onboarding.step(c, 'department', meta, async (tx, session) => {
      const org = await this.requireOrganization(tx, session);
      await org.update({ name: body.name.trim(), ...(body.logo ? { logo: body.logo } : {}) }, { transaction: tx });
      await this.mergeSettings(tx, session, { ui: { navigation_layout: body.navigation_layout } });
      return ok('department', 'Department details saved');
    });
  }

  /** Mail and file storage settings: secret values inside are stored encrypted (OrganizationSettingsCodec). */
  async platform(c: StepCredentials, section: 'email_service' | 'file_storage', step: 'email' | 'file_storage', body: PlatformStepRequest, meta: RequestMeta): Promise<StepResponse> {
    return this.onboarding.step(c, step, meta, async (tx, session) => {
      await this.mergeSettings(tx, session, { [section]: { platform: body.platform, ...(body.config ?? {}) } });
      return ok(step, `${step === 'email' ? 'Email' : 'File storage'} settings saved`);
    });
  }

  async auth(c: StepCredentials, body: AuthStepRequest, meta: RequestMeta): Promise<StepResponse> {
    return this.onboarding.step(c, 'auth', meta, async (tx, session) => {
      await this.mergeSettings(tx, session, { auth: { provider: body.platform } });
      return ok('auth', 'Authentication settings saved');
    });
  }

  /** The first member (it_manager, `*`), signed in at once: the caller sets the session cookies. */
  async systemOwner(c: StepCredentials, body: SystemOwnerRequest, meta: RequestMeta): Promise<{ response: SystemOwnerResponse; issued: IssuedSession }> {
    const problems: FieldProblem[] = [];
    if (!EMAIL.test(body.email)) problems.push({ field: 'email', message: 'Not a valid email address' });
    if (body.password !== body.password_confirm) problems.push({ field: 'password_confirm', message: 'Passwords do not match' });
    if (problems.length) throw new ValidationError(problems);
    const out = await this.onboarding.step(c, 'system_owner', meta, async (tx, session) => {
      const org = await this.requireOrganization(tx, session);
      if (session.data.adminUserId) throw onboardingErrors.stepOrder('The system owner has already been created');
      const user = await createAdminMember(tx, { organizationId: org.id, username: body.username, email: body.email, firstName: body.first_name, lastName: body.last_name, membershipNumber: body.membership_number, mustChangePassword: false });
      try {
        await this.passwords.setPassword(tx, user, body.password);
      } catch (err) {
        // The policy names the field of the change-password form; here it is `password`.
        if (err instanceof AppError && Array.isArray(err.detail)) throw new ValidationError(err.detail.map((p) => ({ ...p, field: 'password' })));
        throw err;
      }
      session.data.adminUserId = user.id;
      const issued = await this.authSessions.issue(tx, { id: user.id, organizationId: org.id }, meta);
      const response: SystemOwnerResponse = { id: user.id, username: user.username, email: user.email, first_name: user.firstName, last_name: user.lastName, membership_number: user.membershipNumber, status: user.status, authenticated: true };
      return { response, issued };
    });
    await this.authSessions.remember(out.issued);
    return out;
  }

  /** IT contacts are personal data: kept as one encrypted value in the settings document. */
  async itTeam(c: StepCredentials, body: ItTeamStepRequest, meta: RequestMeta): Promise<StepResponse> {
    return this.onboarding.step(c, 'it_team', meta, async (tx, session) => {
      const org = await this.requireOrganization(tx, session);
      const sealed = this.cipher.encrypt(JSON.stringify(body), { table: 'organizations', column: 'settings.it_team', rowId: org.id });
      await this.mergeSettings(tx, session, { it_team: sealed });
      return ok('it_team', 'IT team saved');
    });
  }

  async positions(c: StepCredentials, body: PositionsStepRequest, meta: RequestMeta): Promise<PositionsStepResponse> {
    return this.onboarding.step(c, 'positions', meta, async (tx, session) => {
      const org = await this.requireOrganization(tx, session);
      const outcome = await upsertPositions(tx, org.id, body.positions);
      return { success: true, message: 'Positions saved', created: outcome.created, updated: outcome.updated, total_positions: outcome.total };
    });
  }

  /** Remembered in the session; persisted at /complete. */
  async modules(c: StepCredentials, body: ModulesStepRequest, meta: RequestMeta): Promise<StepResponse> {
    const { modules, unknown } = normaliseModules(body.modules);
    if (unknown.length) throw new ValidationError(unknown.map((m) => ({ field: 'modules', message: `Unknown module: ${m.slice(0, 50)}` })));
    return this.onboarding.step(c, 'modules', meta, async (tx, session) => {
      await this.requireOrganization(tx, session);
      session.data.modules = modules;
      return ok('modules', `${modules.length} modules selected`);
    });
  }

  private async requireOrganization(tx: Transaction, session: ActiveSession): Promise<Organization> {
    const org = session.data.organizationId ? await Organization.findByPk(session.data.organizationId, { transaction: tx, lock: tx.LOCK.UPDATE }) : null;
    if (!org) throw onboardingErrors.stepOrder('Create the organization first');
    return org;
  }

  /** Merges top-level sections into organizations.settings; secrets become ciphertext before the write. */
  private async mergeSettings(tx: Transaction, session: ActiveSession, sections: Record<string, unknown>): Promise<void> {
    const org = await this.requireOrganization(tx, session);
    const settings = { ...parseSettings(org.settings), ...sections };
    await org.update({ settings: this.settingsCodec.encrypt(org.id, settings) }, { transaction: tx });
  }
}
