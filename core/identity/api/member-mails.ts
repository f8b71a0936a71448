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
