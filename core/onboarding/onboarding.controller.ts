import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Header, Post, Request, Response, Route, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Config } from '../config';
import { TOKENS } from '../kernel/tokens';
import type { AuthErrorBody } from '../identity/auth/auth.types';
import { requestMeta } from '../identity/auth/request-meta';
import { writeSessionCookies } from '../identity/controllers/request-context';
import { OnboardingService } from './onboarding.service';
import { OnboardingStepsService } from './onboarding-steps.service';
import { OnboardingEmailTestService } from './email-test/email-test.service';
import type {
  ApparatusStepRequest, AuthStepRequest, CompleteResponse, DepartmentStepRequest, EmailTestRequest, EmailTestResponse, ItTeamStepRequest, ModulesStepRequest, OnboardingMessage,
  OnboardingStatusResponse, OrganizationStepRequest, OrganizationStepResponse, PlatformStepRequest, PositionsStepRequest, PositionsStepResponse,
  StartResponse, StationsStepRequest, StepResponse, SystemOwnerRequest, SystemOwnerResponse,
} from './onboarding.types';

/**
 * The first-run wizard (spa-contract §2.6). Every POST after /start carries X-Session-ID and the
 * wizard's own X-CSRF-Token (the cookie double-submit check skips /onboarding/ paths, §1.2).
 */
@injectable()
@Route('onboarding')
@Tags('onboarding')
@Response<AuthErrorBody>(400, 'Onboarding already completed (LB-ONB-004)')
@Response<AuthErrorBody>(401, 'Missing, unknown or expired onboarding session (LB-ONB-001/002)')
@Response<AuthErrorBody>(403, 'Wrong onboarding CSRF token (LB-ONB-003)')
export class OnboardingController extends Controller {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(OnboardingService) private readonly onboarding: OnboardingService,
    @inject(OnboardingStepsService) private readonly steps: OnboardingStepsService,
    @inject(OnboardingEmailTestService) private readonly emailTest: OnboardingEmailTestService,
  ) {
    super();
  }

  /** No authentication: the SPA asks before anyone can sign in. */
  @Get('status')
  public async status(): Promise<OnboardingStatusResponse> {
    return this.onboarding.status();
  }

  /** Opens a wizard session (30 minutes, sliding). 403 once an organization exists. */
  @Post('start')
  @Response<AuthErrorBody>(403, 'An organization already exists (LB-ONB-005)')
  public async start(@Request() req: ExpressRequest): Promise<StartResponse> {
    const started = await this.onboarding.start(requestMeta(req));
    this.setHeader('X-CSRF-Token', started.csrf_token);
    return started;
  }

  @Post('session/organization')
  @SuccessResponse(200)
  public async organization(@Request() req: ExpressRequest, @Body() body: OrganizationStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<OrganizationStepResponse> {
    return this.steps.organization({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/stations')
  public async stations(@Request() req: ExpressRequest, @Body() body: StationsStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.stations({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/apparatus')
  public async apparatus(@Request() req: ExpressRequest, @Body() body: ApparatusStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.apparatus({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/department')
  public async department(@Request() req: ExpressRequest, @Body() body: DepartmentStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.department({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/email')
  public async email(@Request() req: ExpressRequest, @Body() body: PlatformStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.platform({ sessionId, csrfToken }, 'email_service', 'email', body, requestMeta(req));
  }

  /**
   * Sends one test message with the email step's SMTP settings (not saved). A failure is still 200,
   * `{success: false, message}`, as the SPA expects; the message never carries the server's reply.
   */
  @Post('test/email')
  public async testEmail(@Request() req: ExpressRequest, @Body() body: EmailTestRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<EmailTestResponse> {
    return this.emailTest.test({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/file-storage')
  public async fileStorage(@Request() req: ExpressRequest, @Body() body: PlatformStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.platform({ sessionId, csrfToken }, 'file_storage', 'file_storage', body, requestMeta(req));
  }

  @Post('session/auth')
  public async auth(@Request() req: ExpressRequest, @Body() body: AuthStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.auth({ sessionId, csrfToken }, body, requestMeta(req));
  }

  /** Creates the first member and signs them in: the same three cookies as a login. */
  @Post('system-owner')
  public async systemOwner(@Request() req: ExpressRequest, @Body() body: SystemOwnerRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<SystemOwnerResponse> {
    const { response, issued } = await this.steps.systemOwner({ sessionId, csrfToken }, body, requestMeta(req));
    writeSessionCookies(req, this.config, issued);
    return response;
  }

  @Post('session/it-team')
  public async itTeam(@Request() req: ExpressRequest, @Body() body: ItTeamStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.itTeam({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/positions')
  public async positions(@Request() req: ExpressRequest, @Body() body: PositionsStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<PositionsStepResponse> {
    return this.steps.positions({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('session/modules')
  public async modules(@Request() req: ExpressRequest, @Body() body: ModulesStepRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<StepResponse> {
    return this.steps.modules({ sessionId, csrfToken }, body, requestMeta(req));
  }

  @Post('complete')
  public async complete(@Request() req: ExpressRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<CompleteResponse> {
    return this.onboarding.complete({ sessionId, csrfToken }, requestMeta(req));
  }

  /** Starts over; only before completion. The organization created by this wizard is removed. */
  @Post('reset')
  public async reset(@Request() req: ExpressRequest, @Header('X-Session-ID') sessionId?: string, @Header('X-CSRF-Token') csrfToken?: string): Promise<OnboardingMessage> {
    await this.onboarding.reset({ sessionId, csrfToken }, requestMeta(req));
    return { message: 'Onboarding reset' };
  }
}
