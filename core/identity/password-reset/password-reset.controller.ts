import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Post, Request, Response, Route, Tags } from '@tsoa/runtime';
import type { AuthErrorBody } from '../auth/auth.types';
import { requestMeta } from '../auth/request-meta';
import { FORGOT_PASSWORD_MESSAGE, PasswordResetService } from './password-reset.service';
import type { ForgotPasswordRequest, ResetMessageResponse, ResetPasswordRequest, ValidateResetTokenRequest, ValidateResetTokenResponse } from './password-reset.types';

/** "Forgot password" for signed-out members (spa-contract §2.2). None of these reveals whether an address has an account. */
@injectable()
@Route('auth')
@Tags('auth')
export class PasswordResetController extends Controller {
  constructor(@inject(PasswordResetService) private readonly resets: PasswordResetService) {
    super();
  }

  /** Always the same answer; when the address belongs to an active member, a link is mailed. */
  @Post('forgot-password')
  @Response<AuthErrorBody>(429, 'Too many requests (Retry-After, details.retryAfter)')
  public async forgotPassword(@Request() req: ExpressRequest, @Body() body: ForgotPasswordRequest): Promise<ResetMessageResponse> {
    await this.resets.forgot(body.email, requestMeta(req));
    return { message: FORGOT_PASSWORD_MESSAGE };
  }

  /** Whether a link still works, so the SPA can say so before the member types a password. */
  @Post('validate-reset-token')
  @Response<AuthErrorBody>(400, 'Invalid or expired link')
  public async validateResetToken(@Body() body: ValidateResetTokenRequest): Promise<ValidateResetTokenResponse> {
    await this.resets.validate(body.token);
    return { valid: true };
  }

  /** Sets the new password; every session of the member ends and the link stops working. */
  @Post('reset-password')
  @Response<AuthErrorBody>(400, 'Invalid or expired link')
  @Response<AuthErrorBody>(422, 'Password refused by the policy')
  public async resetPassword(@Request() req: ExpressRequest, @Body() body: ResetPasswordRequest): Promise<ResetMessageResponse> {
    await this.resets.reset(body.token, body.new_password, requestMeta(req));
    return { message: 'Your password has been reset. You can now sign in.' };
  }
}
