import type { Container } from 'inversify';
import type { Config } from '../../config';
import { TOKENS } from '../../kernel/tokens';
import { Mailer } from '../../mail/mailer';
import { PasswordResetService } from './password-reset.service';
import { PasswordResetController } from './password-reset.controller';
import { AdminPasswordResetController } from './admin-password-reset.controller';

/** Mail and password reset; called from bindIdentity. */
export function bindPasswordReset(container: Container, config: Config): void {
  container.bind(Mailer).toDynamicValue((ctx) => new Mailer(config.smtp, ctx.get(TOKENS.Logger)));
  container.bind(PasswordResetService).toSelf();
  container.bind(PasswordResetController).toSelf().inTransientScope();
  container.bind(AdminPasswordResetController).toSelf().inTransientScope();
}
