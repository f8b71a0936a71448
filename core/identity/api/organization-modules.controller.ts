import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Extension, Get, Patch, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { OrganizationModulesService } from './organization-modules.service';
import type { ApiErrorBody } from './api-error';
import { actorOf, requireAnyPermission } from './actor';
import type { ModulesPatch, OrganizationModules } from './organization-modules.types';


/** Which modules the department uses (spa-contract §1.6, §2.5). */
@injectable()
@Route('organization/modules')
@Tags('organization')
export class OrganizationModulesController extends Controller {
  constructor(@inject(OrganizationModulesService) private readonly modules: OrganizationModulesService) {
    super();
  }

  /** Every member's navigation reads this, so any signed-in member may. */
  @Get()
  @Security('session')
  public async get(@Request() req: ExpressRequest): Promise<OrganizationModules> {
    return this.modules.get(actorOf(req).auth.organizationId);
  }

  /**
   * A partial set of switches. Needs `settings.manage` or `organization.update_settings`; each
   * change is audited, and every server process sees it within a second.
   */
  @Patch()
  @Extension('x-permissions-any', ['settings.manage', 'organization.update_settings'])
  @Security('session')
  @Response<ApiErrorBody>(403, 'Permission denied')
  @Response<ApiErrorBody>(422, 'Unknown module key or non-boolean value')
  public async update(@Request() req: ExpressRequest, @Body() body: ModulesPatch): Promise<OrganizationModules> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, ['settings.manage', 'organization.update_settings']);
    return this.modules.update(actor, body);
  }
}
