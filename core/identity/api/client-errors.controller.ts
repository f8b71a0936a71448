import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Post, Request, Response, Route, SuccessResponse, Tags } from '@tsoa/runtime';
import { getRequestAuth } from '../../security/request-auth';
import { requestMeta } from '../auth/request-meta';
import type { ApiErrorBody } from './api-error';
import { ClientErrorsService } from './client-errors.service';
import type { ClientErrorLogged, ClientErrorReport } from './client-errors.types';

/** Where the SPA reports the 403s, 5xx and network failures it met (spa-contract §1.5). */
@injectable()
@Route('errors')
@Tags('errors')
export class ClientErrorsController extends Controller {
  constructor(@inject(ClientErrorsService) private readonly errors: ClientErrorsService) {
    super();
  }

  /**
   * Accepted with or without a session (an expired one just makes the report anonymous, since a
   * 401 here would make the SPA hold its reports). Rate-limited per IP and per member.
   */
  @Post('log')
  @SuccessResponse(201, 'Stored')
  @Response<ApiErrorBody>(429, 'Too many reports (Retry-After, details.retryAfter)')
  public async log(@Request() req: ExpressRequest, @Body() body: ClientErrorReport): Promise<ClientErrorLogged> {
    const auth = await getRequestAuth(req).catch(() => null);
    const logged = await this.errors.record(body, requestMeta(req), auth ? { organizationId: auth.organizationId, userId: auth.userId } : null);
    this.setStatus(201);
    return logged;
  }
}
