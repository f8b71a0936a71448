import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Post, Put, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { MfaService } from '../auth/mfa.service';
import { UserAuthStates } from '../auth/user-auth-state';
import { auditEvent } from '../auth/auth-audit';
import { requestMeta } from '../auth/request-meta';
import { Organization } from '../models/organization.model';
import { mfaRequiredBy, parseSettings } from '../organization-settings';
import type { MfaCodeRequest, MfaDisabledResponse, MfaPolicy, MfaSetupResponse, MfaStatus, RecoveryCodesResponse, AuthErrorBody } from '../auth/auth.types';
import { authOf, callerOf } from './request-context';

/** TOTP enrolment and the organization's MFA policy (spa-contract §2.2). */
@injectable()
@Route('auth/mfa')
@Tags('auth')
export class MfaController extends Controller {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(MfaService) private readonly mfa: MfaService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    super();
  }

  @Get('status')
  @Security('session')
  public async status(@Request() req: ExpressRequest): Promise<MfaStatus> {
    return this.mfa.status(callerOf(req));
  }

  /** A new seed and its otpauth:// URI; MFA is on only after verify-setup. */
  @Post('setup')
  @Security('session')
  public async setup(@Request() req: ExpressRequest): Promise<MfaSetupResponse> {
    return this.mfa.setup(callerOf(req));
  }

  /** Confirms the device; answers the 10 recovery codes (shown once). */
  @Post('verify-setup')
  @Security('session')
  @Response<AuthErrorBody>(400, 'Invalid code')
  public async verifySetup(@Request() req: ExpressRequest, @Body() body: MfaCodeRequest): Promise<RecoveryCodesResponse> {
    return { recovery_codes: await this.mfa.verifySetup(callerOf(req), body.code, requestMeta(req)) };
  }

  @Post('disable')
  @Security('session')
  @Response<AuthErrorBody>(400, 'Invalid code')
  public async disable(@Request() req: ExpressRequest, @Body() body: MfaCodeRequest): Promise<MfaDisabledResponse> {
    await this.mfa.disable(callerOf(req), body.code, requestMeta(req));
    return { mfa_enabled: false };
  }

  /** Replaces the recovery codes after a valid code. */
  @Post('recovery-codes')
  @Security('session')
  @Response<AuthErrorBody>(400, 'Invalid code')
  public async recoveryCodes(@Request() req: ExpressRequest, @Body() body: MfaCodeRequest): Promise<RecoveryCodesResponse> {
    return { recovery_codes: await this.mfa.regenerateRecoveryCodes(callerOf(req), body.code, requestMeta(req)) };
  }

  @Get('policy')
  @Security('session')
  public async policy(@Request() req: ExpressRequest): Promise<MfaPolicy> {
    const org = await Organization.findByPk(authOf(req).organizationId, { attributes: ['id', 'settings'], raw: true });
    return { mfa_required: mfaRequiredBy(org?.settings) };
  }

  /** Requires MFA of every member: those without it are sent to enrol (403 + X-MFA-Enrollment-Required). */
  @Put('policy')
  @Security('session', ['security.manage'])
  public async setPolicy(@Request() req: ExpressRequest, @Body() body: MfaPolicy): Promise<MfaPolicy> {
    const auth = authOf(req);
    await this.db.transaction(async (tx) => {
      const org = await Organization.findByPk(auth.organizationId, { lock: tx.LOCK.UPDATE, transaction: tx });
      if (!org) return;
      const settings = parseSettings(org.settings);
      const security = (settings.security as Record<string, unknown> | undefined) ?? {};
      const before = security.mfa_required === true;
      org.settings = { ...settings, security: { ...security, mfa_required: body.mfa_required } };
      await org.save({ transaction: tx, fields: ['settings'] });
      this.audit.record(tx, { ...auditEvent('security.mfa-policy-changed', requestMeta(req), { organizationId: auth.organizationId, userId: auth.userId, username: auth.username, sessionId: auth.sessionId, severity: 'warning', resourceType: 'organization', resourceId: auth.organizationId, eventData: { mfa_required: { from: before, to: body.mfa_required } } }), eventCategory: 'security' });
    });
    await this.states.refreshOrganization(auth.organizationId);
    return { mfa_required: body.mfa_required };
  }
}
