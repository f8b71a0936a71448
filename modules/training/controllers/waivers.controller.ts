import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { WaiversService } from '../services/waivers.service';
import type { CreateWaiverRequest, TrainingWaiverView } from '../api/waivers.types';
import type { Uuid } from '../api/common.types';

/** Training waivers (leave, medical, military...): officers only. */
@injectable()
@Route('training/waivers')
@Tags('training')
export class WaiversController extends Controller {
  constructor(@inject(WaiversService) private readonly waivers: WaiversService) {
    super();
  }

  @Get()
  @Security('session', ['training.manage'])
  public async list(@Request() req: ExpressRequest, @Query() user_id?: Uuid): Promise<TrainingWaiverView[]> {
    return this.waivers.list(actorOf(req).auth.organizationId, user_id);
  }

  @Post()
  @Security('session', ['training.manage'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'Invalid dates, or a member/requirement unknown in your organization')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateWaiverRequest): Promise<TrainingWaiverView> {
    const waiver = await this.waivers.create(actorOf(req), body);
    this.setStatus(201);
    return waiver;
  }

  /** Ends a waiver; it stays on record but no longer counts. */
  @Delete('{id}')
  @Security('session', ['training.manage'])
  @SuccessResponse(204, 'Revoked')
  @Response<ApiErrorBody>(404, 'No such waiver in your organization')
  public async revoke(@Request() req: ExpressRequest, @Path() id: Uuid): Promise<void> {
    await this.waivers.revoke(actorOf(req), id);
    this.setStatus(204);
  }
}
