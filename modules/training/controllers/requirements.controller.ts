import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { RequirementsService } from '../services/requirements.service';
import type { CreateRequirementRequest, TrainingRequirementView, UpdateRequirementRequest } from '../api/requirements.types';
import type { Uuid } from '../api/common.types';

/** Training requirements (spa-contract §2.8). */
@injectable()
@Route('training/requirements')
@Tags('training')
export class RequirementsController extends Controller {
  constructor(@inject(RequirementsService) private readonly requirements: RequirementsService) {
    super();
  }

  /**
   * @isInt year
   * @minimum year 2000
   * @maximum year 2999
   */
  @Get()
  @Security('session', ['training.view'])
  public async list(@Request() req: ExpressRequest, @Query() year?: number, @Query() active_only?: boolean): Promise<TrainingRequirementView[]> {
    return this.requirements.list(actorOf(req).auth.organizationId, { year, activeOnly: active_only ?? true });
  }

  @Post()
  @Security('session', ['training.manage'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'Invalid fields')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateRequirementRequest): Promise<TrainingRequirementView> {
    const requirement = await this.requirements.create(actorOf(req), body);
    this.setStatus(201);
    return requirement;
  }

  @Patch('{id}')
  @Security('session', ['training.manage'])
  @Response<ApiErrorBody>(404, 'No such requirement in your organization')
  public async update(@Request() req: ExpressRequest, @Path() id: Uuid, @Body() body: UpdateRequirementRequest): Promise<TrainingRequirementView> {
    return this.requirements.update(actorOf(req), id, body);
  }

  @Delete('{id}')
  @Security('session', ['training.manage'])
  @SuccessResponse(204, 'Deleted')
  @Response<ApiErrorBody>(404, 'No such requirement in your organization')
  public async remove(@Request() req: ExpressRequest, @Path() id: Uuid): Promise<void> {
    await this.requirements.remove(actorOf(req), id);
    this.setStatus(204);
  }
}
