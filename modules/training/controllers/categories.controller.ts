import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { CategoriesService } from '../services/categories.service';
import type { CreateCategoryRequest, TrainingCategoryView, UpdateCategoryRequest } from '../api/categories.types';
import type { Uuid } from '../api/common.types';

/** Course categories, hierarchical (spa-contract §2.8). */
@injectable()
@Route('training/categories')
@Tags('training')
export class CategoriesController extends Controller {
  constructor(@inject(CategoriesService) private readonly categories: CategoriesService) {
    super();
  }

  @Get()
  @Security('session', ['training.view'])
  public async list(@Request() req: ExpressRequest, @Query() active_only?: boolean): Promise<TrainingCategoryView[]> {
    return this.categories.list(actorOf(req).auth.organizationId, active_only ?? false);
  }

  @Post()
  @Security('session', ['training.manage'])
  @SuccessResponse(201, 'Created')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateCategoryRequest): Promise<TrainingCategoryView> {
    const category = await this.categories.create(actorOf(req), body);
    this.setStatus(201);
    return category;
  }

  @Patch('{id}')
  @Security('session', ['training.manage'])
  @Response<ApiErrorBody>(404, 'No such category in your organization')
  public async update(@Request() req: ExpressRequest, @Path() id: Uuid, @Body() body: UpdateCategoryRequest): Promise<TrainingCategoryView> {
    return this.categories.update(actorOf(req), id, body);
  }
}
