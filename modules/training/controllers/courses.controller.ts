import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { CoursesService } from '../services/courses.service';
import type { CreateCourseRequest, TrainingCourseView, UpdateCourseRequest } from '../api/courses.types';
import type { Uuid } from '../api/common.types';

/** The course library (spa-contract §2.8). */
@injectable()
@Route('training/courses')
@Tags('training')
export class CoursesController extends Controller {
  constructor(@inject(CoursesService) private readonly courses: CoursesService) {
    super();
  }

  @Get()
  @Security('session', ['training.view'])
  public async list(@Request() req: ExpressRequest, @Query() active_only?: boolean): Promise<TrainingCourseView[]> {
    return this.courses.list(actorOf(req).auth.organizationId, active_only ?? true);
  }

  @Post()
  @Security('session', ['training.manage'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'Invalid fields, or prerequisites/categories unknown in your organization')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateCourseRequest): Promise<TrainingCourseView> {
    const course = await this.courses.create(actorOf(req), body);
    this.setStatus(201);
    return course;
  }

  @Patch('{id}')
  @Security('session', ['training.manage'])
  @Response<ApiErrorBody>(404, 'No such course in your organization')
  public async update(@Request() req: ExpressRequest, @Path() id: Uuid, @Body() body: UpdateCourseRequest): Promise<TrainingCourseView> {
    return this.courses.update(actorOf(req), id, body);
  }
}
