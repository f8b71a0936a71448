import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Patch, Path, Post, Query, Request, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { TemplatesService } from '../services/templates.service';
import { SettingsService } from '../services/settings.service';
import type { CreateTemplateRequest, TemplateView, UpdateTemplateRequest } from '../api/template.types';
import type { ApparatusOptions, SchedulingSettingsView, UpdateSchedulingSettings } from '../api/settings.types';

/** Templates, the module's settings and the apparatus picker's built-in list. */
@injectable()
@Route('scheduling')
@Tags('scheduling')
export class TemplatesController extends Controller {
  constructor(
    @inject(TemplatesService) private readonly templates: TemplatesService,
    @inject(SettingsService) private readonly settingsService: SettingsService,
  ) {
    super();
  }

  @Get('templates')
  @Security('session', ['scheduling.view'])
  public async list(@Request() req: ExpressRequest, @Query() active_only?: boolean): Promise<TemplateView[]> {
    return this.templates.list(actorOf(req).auth.organizationId, active_only === true);
  }

  @Post('templates')
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(201, 'Created')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateTemplateRequest): Promise<TemplateView> {
    const t = await this.templates.create(actorOf(req), body);
    this.setStatus(201);
    return t;
  }

  @Patch('templates/{id}')
  @Security('session', ['scheduling.manage'])
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateTemplateRequest): Promise<TemplateView> {
    return this.templates.update(actorOf(req), id, body);
  }

  @Delete('templates/{id}')
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(204, 'Deleted')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.templates.remove(actorOf(req), id);
    this.setStatus(204);
  }

  @Get('settings')
  @Security('session', ['scheduling.view'])
  public async settings(@Request() req: ExpressRequest): Promise<SchedulingSettingsView> {
    return this.settingsService.get(actorOf(req).auth.organizationId);
  }

  @Patch('settings')
  @Security('session', ['scheduling.manage'])
  public async updateSettings(@Request() req: ExpressRequest, @Body() body: UpdateSchedulingSettings): Promise<SchedulingSettingsView> {
    return this.settingsService.update(actorOf(req), body);
  }

  /** No apparatus module yet: the built-in unit types (source `default`). */
  @Get('apparatus-options')
  @Security('session', ['scheduling.view'])
  public apparatusOptions(): ApparatusOptions {
    return this.settingsService.apparatusOptions();
  }
}
