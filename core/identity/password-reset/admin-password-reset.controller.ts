import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Extension, Path, Post, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { hasPermission } from '../../security/auth-context';
import type { AuthErrorBody } from '../auth/auth.types';
import { auditEvent } from '../auth/auth-audit';
import { requestMeta } from '../auth/request-meta';
import { authOf, callerOf } from '../controllers/request-context';
import { PasswordResetService } from './password-reset.service';
import type { ResetMessageResponse } from './password-reset.types';

/** Either permission lets an administrator send the link (original: users.edit or members.manage). */
const ADMIN_RESET_PERMISSIONS = ['users.edit', 'members.manage'] as const;

/** An administrator mails a member a reset link; nobody but the member ever chooses the password. */
@injectable()
@Route('users')
@Tags('users')
export class AdminPasswordResetController extends Controller {
  constructor(
    @inject(PasswordResetService) private readonly resets: PasswordResetService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    super();
  }

  @Post('{userId}/reset-password')
  @Extension('x-permissions-any', ['users.edit', 'members.manage'])
  @Security('session')
  @Response<AuthErrorBody>(403, 'Needs users.edit or members.manage')
  @Response<AuthErrorBody>(404, 'No such member in this organization')
  public async sendResetLink(@Request() req: ExpressRequest, @Path() userId: string): Promise<ResetMessageResponse> {
    const auth = authOf(req);
    const meta = requestMeta(req);
    // tsoa's scopes are all-of; this rule is any-of, so it is checked (and a denial audited) here.
    if (!ADMIN_RESET_PERMISSIONS.some((p) => hasPermission(auth.permissions, p))) {
      await this.audit.recordStandalone(auditEvent('auth.permission-denied', meta, { organizationId: auth.organizationId, userId: auth.userId, username: auth.username, sessionId: auth.sessionId, severity: 'warning', outcome: 'failure', eventData: { method: req.method, path: req.baseUrl + req.path, required: [...ADMIN_RESET_PERMISSIONS] } }));
      throw new ForbiddenError();
    }
    if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new NotFoundError('Member not found', 'LB-USER-404');
    const { mailed } = await this.resets.sendByAdmin(callerOf(req), userId, meta);
    return { message: mailed ? 'A password reset link has been sent to the member' : 'A reset link was created, but mail is not configured (SMTP_HOST), so it was not sent' };
  }
}
