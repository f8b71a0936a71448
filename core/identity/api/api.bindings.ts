import type { Container } from 'inversify';
import { BootstrapController } from './bootstrap.controller';
import { RolesService } from './roles.service';
import { RolesController } from './roles.controller';
import { OrganizationModulesService } from './organization-modules.service';
import { OrganizationModulesController } from './organization-modules.controller';
import { AuditLogsService } from './audit-logs.service';
import { AuditLogsController } from './audit-logs.controller';
import { UsersService } from './users.service';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';
import { OrganizationService } from './organization.service';
import { OrganizationController } from './organization.controller';
import { ClientErrorsService } from './client-errors.service';
import { ClientErrorsController } from './client-errors.controller';

/** The administration API of identity (members, roles, organization, audit, bootstrap). */
export function bindIdentityApi(container: Container): void {
  container.bind(RolesService).toSelf();
  container.bind(OrganizationModulesService).toSelf();
  container.bind(AuditLogsService).toSelf();
  container.bind(UsersService).toSelf();
  container.bind(UserAdminService).toSelf();
  container.bind(OrganizationService).toSelf();
  container.bind(ClientErrorsService).toSelf();
  container.bind(BootstrapController).toSelf().inTransientScope();
  container.bind(RolesController).toSelf().inTransientScope();
  container.bind(OrganizationModulesController).toSelf().inTransientScope();
  container.bind(AuditLogsController).toSelf().inTransientScope();
  container.bind(UsersController).toSelf().inTransientScope();
  container.bind(OrganizationController).toSelf().inTransientScope();
  container.bind(ClientErrorsController).toSelf().inTransientScope();
}
