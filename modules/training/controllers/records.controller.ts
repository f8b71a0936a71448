import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { RecordsService } from '../services/records.service';
import type { CreateRecordRequest, TrainingRecordView, UpdateRecordRequest } from '../api/records.types';
import type { DateString, TrainingStatusValue, Uuid } from '../api/common.types';

/** Training records: members see their own, officers (training.view_all) their organization's. */
@injectable()
@Route('training/records')
@Tags('training')
export class RecordsController extends Controller {
  constructor(@inject(RecordsService) private readonly records: RecordsService) {
    super();
  }

  /** Newest first. Without training.view_all, only your own (asking for someone else's is 403). */
  @Get()
  @Security('session', ['training.view'])
  @Response<ApiErrorBody>(403, 'Another member\'s records without training.view_all')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  public async list(
    @Request() req: ExpressRequest,
    @Query() user_id?: Uuid,
    @Query() status?: TrainingStatusValue,
    @Query() start_date?: DateString,
    @Query() end_date?: DateString,
  ): Promise<TrainingRecordView[]> {
    return this.records.list(actorOf(req), req, { user_id, status, start_date, end_date });
  }

  /** A completed record of a course with expiration_months gets its expiration date derived when none is given. */
  @Post()
  @Security('session', ['training.manage'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'Invalid fields, or a member/course unknown in your organization')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateRecordRequest): Promise<TrainingRecordView> {
    const record = await this.records.create(actorOf(req), body);
    this.setStatus(201);
    return record;
  }

  @Patch('{id}')
  @Security('session', ['training.manage'])
  @Response<ApiErrorBody>(404, 'No such record in your organization')
  public async update(@Request() req: ExpressRequest, @Path() id: Uuid, @Body() body: UpdateRecordRequest): Promise<TrainingRecordView> {
    return this.records.update(actorOf(req), id, body);
  }
}
