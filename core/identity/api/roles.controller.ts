import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Patch, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { RolesService } from './roles.service';
import type { ApiErrorBody } from './api-error';
import { actorOf } from './actor';
import type { CreateRoleRequest, PermissionGroup, Role, RoleWithCount, UpdateRoleRequest } from './roles.types';


/** Positions, which the SPA calls roles (spa-contract §2.4). */
@injectable()
@Route('roles')
@Tags('roles')
export class RolesController extends Controller {
  constructor(@inject(RolesService) private readonly roles: RolesService) {
    super();
  }

  /** Every permission this installation knows (core plus installed modules), grouped. */
  @Get('permissions/by-category')
  @Security('session', ['positions.view'])
  public permissionsByCategory(): PermissionGroup[] {
    return this.roles.permissionsByCategory();
  }

  @Get()
  @Security('session', ['positions.view'])
  public async list(@Request() req: ExpressRequest): Promise<RoleWithCount[]> {
    return this.roles.list(actorOf(req).auth.organizationId);
  }

  /** The server makes the slug from the name. You cannot grant a permission you do not hold. */
  @Post()
  @Security('session', ['positions.create'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(403, 'Grant beyond your own permissions (LB-ROLE-001)')
  @Response<ApiErrorBody>(422, 'Unknown permission')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateRoleRequest): Promise<Role> {
    const role = await this.roles.create(actorOf(req), body);
    this.setStatus(201);
    return role;
  }

  /** Partial update; the slug never changes. Members holding the role see new permissions on their next request. */
  @Patch('{id}')
  @Security('session', ['positions.edit'])
  @Response<ApiErrorBody>(404, 'No such role in your organization')
  @Response<ApiErrorBody>(409, 'Would leave no active member with full access (LB-ROLE-003)')
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateRoleRequest): Promise<Role> {
    return this.roles.update(actorOf(req), id, body);
  }

  /** System positions cannot be deleted (409 LB-ROLE-002). */
  @Delete('{id}')
  @Security('session', ['positions.delete'])
  @SuccessResponse(204, 'Deleted')
  @Response<ApiErrorBody>(404, 'No such role in your organization')
  @Response<ApiErrorBody>(409, 'System position, or last full-access holder')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.roles.remove(actorOf(req), id);
    this.setStatus(204);
  }
}
