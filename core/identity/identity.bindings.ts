import type { Container } from 'inversify';
import type { Config } from '../config';
import type { InstalledModule } from '../modules/manifest';
import { TOKENS } from '../kernel/tokens';
import { AUTH_RESOLVER } from '../security/auth-context';
import { JwtTokens } from '../security/jwt-tokens';
import { PasswordHasher } from '../security/passwords/password-hasher';
import { PasswordPolicy } from '../security/passwords/password-policy';
import { FieldCipher } from '../encryption';
import { PermissionCatalog } from './permissions/permission-catalog';
import { OrganizationSettingsCodec } from './organization-settings';
import { SessionService } from './auth/session.service';
import { UserAuthStates } from './auth/user-auth-state';
import { LoginService } from './auth/login.service';
import { MfaService } from './auth/mfa.service';
import { PasswordService } from './auth/password.service';
import { SessionAuthResolver } from './auth/session-auth-resolver';
import { AuthController } from './controllers/auth.controller';
import { MfaController } from './controllers/mfa.controller';
import { bindPasswordReset } from './password-reset/password-reset.bindings';
import { bindOnboarding } from '../onboarding/onboarding.bindings';
import { bindIdentityApi } from './api/api.bindings';

/**
 * Binds identity and auth into the core container, including the real AUTH_RESOLVER. Called before
 * module containers load, so a test fixture may still rebind the resolver. Everything resolves
 * lazily, so the cache and cipher bound later in boot are found when first needed.
 */
export function bindIdentity(container: Container, config: Config, modules: readonly InstalledModule[]): void {
  container.bind(JwtTokens).toConstantValue(new JwtTokens(config.secrets.secretKey));
  container.bind(PasswordHasher).toConstantValue(new PasswordHasher({ cost: config.auth.passwordHash }));
  container.bind(PasswordPolicy).toConstantValue(new PasswordPolicy({ minLength: config.auth.passwordMinLength, maxLength: config.auth.passwordMaxLength }));
  container.bind(PermissionCatalog).toConstantValue(new PermissionCatalog(modules));
  container.bind(OrganizationSettingsCodec).toDynamicValue((ctx) => new OrganizationSettingsCodec(ctx.get(FieldCipher)));
  container.bind(UserAuthStates).toDynamicValue((ctx) => new UserAuthStates(ctx.get(TOKENS.Cache)));
  container.bind(SessionService).toSelf();
  container.bind(LoginService).toSelf();
  container.bind(MfaService).toSelf();
  container.bind(PasswordService).toSelf();
  container.bind(SessionAuthResolver).toSelf();
  container.bind(AUTH_RESOLVER).toService(SessionAuthResolver);
  container.bind(AuthController).toSelf().inTransientScope();
  container.bind(MfaController).toSelf().inTransientScope();
  bindIdentityApi(container);
  bindPasswordReset(container, config);
  bindOnboarding(container);
}
