import type { MailMessage } from '../../mail/mailer';

/**
 * The welcome mail of `POST /users` with `send_welcome_email`: a one-time link to choose a
 * password, never a password (no one but the member ever knows theirs).
 */
export function welcomeMail(to: string, organizationName: string, username: string, link: string, validHours: number, appName: string): MailMessage {
  return {
    to,
    subject: `${appName}: your ${organizationName} account`,
    text: [
      `An account has been created for you at ${organizationName}.`,
      `Your username: ${username}`,
      '',
      `Open this link within ${validHours} hours to choose your password:`,
      link,
      '',
      'The link works once. If it has expired, ask your administrator to send a new one.',
    ].join('\n'),
  };
}

/**
 * Sent to the old address when a member's email changes. The SPA sends no current password with
 * that change (spa-contract §2.3), so the owner of the old address is told instead (docs/security.md).
 */
export function emailChangedMail(to: string, organizationName: string, username: string, byAdministrator: boolean, appName: string): MailMessage {
  return {
    to,
    subject: `${appName}: the email address of your account was changed`,
    text: [
      `The email address of the ${organizationName} account "${username}" was changed${byAdministrator ? ' by an administrator' : ''}; mail for it now goes to the new address.`,
      '',
      'If you did not make or expect this change, contact your department administrator at once.',
    ].join('\n'),
  };
}
