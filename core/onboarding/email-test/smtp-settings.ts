/**
 * The SMTP settings the email step describes, in the SPA's camelCase (EmailConfiguration page):
 * self-hosted `smtpHost/smtpPort/smtpUsername/smtpPassword/smtpEncryption`, or Gmail with an app
 * password (`fromEmail` + `googleAppPassword`); `fromEmail`/`fromName` for both. OAuth and API
 * platforms (Microsoft 365, Cloudflare, Gmail OAuth) are not SMTP and cannot be tested this way.
 */
export interface TestableSmtp {
  host: string;
  port: number;
  encryption: 'none' | 'tls' | 'ssl';
  user: string | null;
  password: string | null;
  fromEmail: string;
  fromName: string;
  /** Where the test goes: `testEmail` when given, else the sending address itself. */
  recipient: string;
}

export type SmtpSettingsResult = { ok: true; smtp: TestableSmtp } | { ok: false; message: string };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export function smtpSettings(platform: string, config: Record<string, unknown>, fallbackName: string): SmtpSettingsResult {
  const fromEmail = text(config.fromEmail);
  if (!fromEmail || !EMAIL.test(fromEmail)) return { ok: false, message: 'Enter a valid from email address to test the settings' };
  const recipient = text(config.testEmail) ?? fromEmail;
  if (!EMAIL.test(recipient)) return { ok: false, message: 'Enter a valid address to send the test to' };
  const fromName = text(config.fromName) ?? fallbackName;

  if (platform === 'gmail' && config.authMethod !== 'oauth' && text(config.googleAppPassword)) {
    return { ok: true, smtp: { host: 'smtp.gmail.com', port: 587, encryption: 'tls', user: fromEmail, password: text(config.googleAppPassword), fromEmail, fromName, recipient } };
  }
  if (platform !== 'selfhosted') return { ok: false, message: 'Only SMTP settings (self-hosted, or Gmail with an app password) can be tested here; the settings can still be saved' };

  const host = text(config.smtpHost);
  if (!host || !HOST.test(host)) return { ok: false, message: 'Enter the mail server address' };
  const port = Number(text(config.smtpPort) ?? (typeof config.smtpPort === 'number' ? config.smtpPort : NaN));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: 'Enter a port between 1 and 65535' };
  const encryption = config.smtpEncryption === 'none' || config.smtpEncryption === 'ssl' ? config.smtpEncryption : 'tls';
  return { ok: true, smtp: { host, port, encryption, user: text(config.smtpUsername), password: text(config.smtpPassword), fromEmail, fromName, recipient } };
}
