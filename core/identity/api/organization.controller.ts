import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Extension, Get, Patch, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from './api-error';
import { OrganizationService } from './organization.service';
import { actorOf, requireAnyPermission } from './actor';
import type {
  ContactInfoVisibility, ContactInfoVisibilityPatch, OrganizationProfile, OrganizationProfilePatch, OrganizationSettingsPatch, OrganizationSettingsView,
} from './organization.types';

const SETTINGS_ADMINS = ['settings.manage', 'organization.update_settings'];

/** The department's settings and profile (spa-contract §2.5); always the caller's own organization. */
@injectable()
@Route('organization')
@Tags('organization')
export class OrganizationController extends Controller {
  constructor(@inject(OrganizationService) private readonly organizations: OrganizationService) {
    super();
  }

  /** Secrets (SMTP password, storage keys, SSO client secrets) come back as `********`. */
  @Get('settings')
  @Security('session', ['settings.view'])
  public async settings(@Request() req: ExpressRequest): Promise<OrganizationSettingsView> {
    return this.organizations.settings(actorOf(req).auth.organizationId);
  }

  /** Sections merged key by key; `security` and `modules` have routes of their own. Needs settings.manage or organization.update_settings. */
  @Patch('settings')
  @Extension('x-permissions-any', ['settings.manage', 'organization.update_settings'])
  @Security('session')
  @Response<ApiErrorBody>(403, 'Permission denied')
  @Response<ApiErrorBody>(422, 'A reserved or non-object section')
  public async updateSettings(@Request() req: ExpressRequest, @Body() body: OrganizationSettingsPatch): Promise<OrganizationSettingsView> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, SETTINGS_ADMINS);
    return this.organizations.updateSettings(actor, body);
  }

  /** Which contact fields members see of each other; echoes the saved values. */
  @Patch('settings/contact-info')
  @Extension('x-permissions-any', ['settings.manage_contact_visibility', 'settings.manage', 'organization.update_settings'])
  @Security('session')
  public async updateContactInfo(@Request() req: ExpressRequest, @Body() body: ContactInfoVisibilityPatch): Promise<ContactInfoVisibility> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, ['settings.manage_contact_visibility', ...SETTINGS_ADMINS]);
    return this.organizations.updateContactVisibility(actor, body);
  }

  @Get('profile')
  @Security('session', ['organization.view'])
  public async profile(@Request() req: ExpressRequest): Promise<OrganizationProfile> {
    return this.organizations.profile(actorOf(req).auth.organizationId);
  }

  /** Partial in, full profile out. */
  @Patch('profile')
  @Extension('x-permissions-any', ['organization.edit', 'settings.manage', 'organization.update_settings'])
  @Security('session')
  @Response<ApiErrorBody>(422, 'Unknown timezone or unsafe logo')
  public async updateProfile(@Request() req: ExpressRequest, @Body() body: OrganizationProfilePatch): Promise<OrganizationProfile> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, ['organization.edit', ...SETTINGS_ADMINS]);
    return this.organizations.updateProfile(actor, body);
  }
}
