import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Extension, Get, Patch, Path, Post, Put, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from './api-error';
import { UsersService } from './users.service';
import { UserAdminService } from './user-admin.service';
import { SELF_EDITABLE, STATUS_FIELDS } from './user-fields';
import { actorOf, changedFields, requireAnyPermission } from './actor';
import type {
  ContactInfoSettings, CreateUserRequest, CreatedUser, DeletionImpact, SetRolesRequest, UpdateContactInfoRequest,
  UpdateProfileRequest, UserProfile, UserRoles, UserRow, UserWithRoles,
} from './users.types';

const EDITORS = ['users.edit', 'members.manage'];

/** The department's members (spa-contract §2.3). Permission mapping: docs/api.md. */
@injectable()
@Route('users')
@Tags('users')
export class UsersController extends Controller {
  constructor(
    @inject(UsersService) private readonly users: UsersService,
    @inject(UserAdminService) private readonly admin: UserAdminService,
  ) {
    super();
  }

  /** Every member of the caller's organization (not paginated: the SPA loads the roster whole). */
  @Get()
  @Security('session', ['users.view'])
  public async list(@Request() req: ExpressRequest): Promise<UserRow[]> {
    return this.users.list(actorOf(req).auth);
  }

  @Get('contact-info-enabled')
  @Security('session', ['users.view'])
  public async contactInfoEnabled(@Request() req: ExpressRequest): Promise<ContactInfoSettings> {
    return this.users.contactSettings(actorOf(req).auth.organizationId);
  }

  @Get('with-roles')
  @Security('session', ['users.view'])
  public async withRoles(@Request() req: ExpressRequest): Promise<UserWithRoles[]> {
    return this.users.listWithRoles(actorOf(req).auth);
  }

  @Get('{id}/with-roles')
  @Security('session', ['users.view'])
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  public async profile(@Request() req: ExpressRequest, @Path() id: string): Promise<UserProfile> {
    return this.users.profile(actorOf(req).auth, id);
  }

  /** 201. Without `password`, a temporary one is generated, returned once, and must be changed at first sign-in. */
  @Post()
  @Security('session', ['users.create'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(403, 'A role beyond your own permissions (LB-ROLE-001)')
  @Response<ApiErrorBody>(409, 'Username or email already in use')
  @Response<ApiErrorBody>(422, 'Invalid body, refused password or unknown role id')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateUserRequest): Promise<CreatedUser> {
    const created = await this.admin.create(actorOf(req), body);
    this.setStatus(201);
    return created;
  }

  /**
   * A member may edit their own contact and personal fields; anything else needs `users.edit` or
   * `members.manage`, and status or membership type `members.manage`.
   */
  @Patch('{id}/profile')
  @Extension('x-permissions-any', ['users.edit', 'members.manage'])
  @Security('session')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  @Response<ApiErrorBody>(409, 'Would leave no active member with full access')
  public async updateProfile(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateProfileRequest): Promise<UserProfile> {
    const actor = actorOf(req);
    const fields = changedFields(body);
    if (id !== actor.auth.userId || fields.some((f) => !SELF_EDITABLE.has(f))) await requireAnyPermission(actor, req, EDITORS);
    if (fields.some((f) => STATUS_FIELDS.has(f))) await requireAnyPermission(actor, req, ['members.manage']);
    return this.admin.updateProfile(actor, id, body);
  }

  /** Email, phones and notification preferences (merged). The member themself, or an editor. */
  @Patch('{id}/contact-info')
  @Extension('x-permissions-any', ['users.edit', 'members.manage'])
  @Security('session')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  @Response<ApiErrorBody>(409, 'Email already in use')
  public async updateContactInfo(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateContactInfoRequest): Promise<UserProfile> {
    const actor = actorOf(req);
    if (id !== actor.auth.userId) await requireAnyPermission(actor, req, EDITORS);
    return this.admin.updateContactInfo(actor, id, body);
  }

  /** Replaces the member's positions; their permissions change on their next request. */
  @Put('{id}/roles')
  @Extension('x-permissions-any', ['users.update_positions', 'members.assign_positions'])
  @Security('session')
  @Response<ApiErrorBody>(403, 'A role beyond your own permissions (LB-ROLE-001)')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  @Response<ApiErrorBody>(409, 'Would leave no active member with full access (LB-ROLE-003)')
  public async setRoles(@Request() req: ExpressRequest, @Path() id: string, @Body() body: SetRolesRequest): Promise<UserRoles> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, ['users.update_positions', 'members.assign_positions']);
    return this.admin.setRoles(actor, id, body.role_ids);
  }

  /** 204. Soft by default (archived, kept for the records); deleting yourself is 400. */
  @Delete('{id}')
  @Security('session', ['users.delete'])
  @SuccessResponse(204, 'Deleted')
  @Response<ApiErrorBody>(400, 'You cannot delete yourself')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  public async remove(@Request() req: ExpressRequest, @Path() id: string, @Query() hard?: boolean): Promise<void> {
    await this.admin.remove(actorOf(req), id, hard === true);
    this.setStatus(204);
  }

  @Get('{id}/deletion-impact')
  @Security('session', ['users.delete'])
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  public async deletionImpact(@Request() req: ExpressRequest, @Path() id: string): Promise<DeletionImpact> {
    return this.admin.deletionImpact(actorOf(req), id);
  }
}
