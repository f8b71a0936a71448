import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Patch, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { MyTrainingService } from '../services/my-training.service';
import { ModuleSettingsService } from '../services/module-settings.service';
import type { MyTrainingView, TrainingModuleConfigView, UpdateTrainingModuleConfigRequest } from '../api/my-training.types';

/** MyTrainingPage's data and the module's settings (spa-contract §2.8, page extras). */
@injectable()
@Route('training/module-config')
@Tags('training')
export class ModuleConfigController extends Controller {
  constructor(
    @inject(MyTrainingService) private readonly myTraining: MyTrainingService,
    @inject(ModuleSettingsService) private readonly settings: ModuleSettingsService,
  ) {
    super();
  }

  /** Your records, hours, certifications and requirement progress, as far as the organization's visibility flags allow. */
  @Get('my-training')
  @Security('session', ['training.view'])
  public async mine(@Request() req: ExpressRequest): Promise<MyTrainingView> {
    return this.myTraining.get(actorOf(req));
  }

  @Get('config')
  @Security('session', ['training.view'])
  public async config(@Request() req: ExpressRequest): Promise<TrainingModuleConfigView> {
    return this.settings.get(actorOf(req).auth.organizationId);
  }

  /** Changes the organization's training settings (validated against the module's schema; 422 with field messages). */
  @Patch('config')
  @Security('session', ['training.manage'])
  @Response<ApiErrorBody>(422, 'Settings that do not fit the schema')
  public async update(@Request() req: ExpressRequest, @Body() body: UpdateTrainingModuleConfigRequest): Promise<TrainingModuleConfigView> {
    return this.settings.update(actorOf(req), body);
  }
}
