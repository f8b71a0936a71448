import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Path, Post, Request, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { PatternsService } from '../services/patterns.service';
import type { CreatePatternRequest, GenerateRequest, GenerateResult, PatternView } from '../api/pattern.types';

/** Rotation patterns (daily, weekly, platoon such as 24/48, custom such as Kelly) that generate shifts. */
@injectable()
@Route('scheduling/patterns')
@Tags('scheduling')
export class PatternsController extends Controller {
  constructor(@inject(PatternsService) private readonly patterns: PatternsService) {
    super();
  }

  @Get()
  @Security('session', ['scheduling.view'])
  public async list(@Request() req: ExpressRequest): Promise<PatternView[]> {
    return this.patterns.list(actorOf(req).auth.organizationId);
  }

  @Post()
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(201, 'Created')
  public async create(@Request() req: ExpressRequest, @Body() body: CreatePatternRequest): Promise<PatternView> {
    const p = await this.patterns.create(actorOf(req), body);
    this.setStatus(201);
    return p;
  }

  @Delete('{id}')
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(204, 'Deleted')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.patterns.remove(actorOf(req), id);
    this.setStatus(204);
  }

  /** Generates the pattern's shifts over a date range (at most 366 days); idempotent. */
  @Post('{id}/generate')
  @Security('session', ['scheduling.manage'])
  public async generate(@Request() req: ExpressRequest, @Path() id: string, @Body() body: GenerateRequest): Promise<GenerateResult> {
    return this.patterns.generate(actorOf(req), id, body.start_date, body.end_date);
  }
}
