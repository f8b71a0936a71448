import type { MailMessage } from '../../mail/mailer';

/** The reset mail: the link and how long it works; nothing that tells a reader more about the account. */
export function resetMail(to: string, link: string, validMinutes: number, appName: string): MailMessage {
  const lifetime = validMinutes >= 120 ? `${Math.round(validMinutes / 60)} hours` : `${validMinutes} minutes`;
  return {
    to,
    subject: `${appName}: set your password`,
    text: [
      'Someone (hopefully you, or your department administrator) asked to set a new password for your account.',
      '',
      `Open this link within ${lifetime} to choose one:`,
      link,
      '',
      'The link works once. If you did not ask for it, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}
