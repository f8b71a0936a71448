import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/config.types';
import type { Logger } from '../logging/logger';

/** One plain-text message (HTML mail is not needed for links and notices, and is harder to audit). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailResult {
  /** false when no SMTP server is configured: the message was dropped on purpose. */
  sent: boolean;
}

/**
 * Outgoing mail over SMTP (nodemailer). Without SMTP_HOST, sending is a logged no-op so a fresh
 * install works without a mail server. Logs name the subject only: bodies carry reset links,
 * whose tokens are credentials, and recipients are personal data.
 */
export class Mailer {
  private transport: Transporter | null = null;
  private smtp: SmtpConfig;

  constructor(smtp: SmtpConfig, private readonly logger: Logger) {
    this.smtp = smtp;
  }

  /** Points this process at another server (tests use a local one); the next send reconnects. */
  configure(smtp: SmtpConfig): void {
    this.transport?.close();
    this.transport = null;
    this.smtp = smtp;
  }

  get enabled(): boolean {
    return this.smtp.host !== null;
  }

  async send(message: MailMessage): Promise<MailResult> {
    if (!this.smtp.host) {
      this.logger.info({ subject: message.subject }, 'mail not sent: SMTP_HOST is not configured');
      return { sent: false };
    }
    const from = { name: this.smtp.fromName, address: this.smtp.fromEmail };
    await this.transporter().sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    this.logger.info({ subject: message.subject }, 'mail sent');
    return { sent: true };
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }

  private transporter(): Transporter {
    if (!this.transport) {
      const s = this.smtp;
      this.transport = nodemailer.createTransport({
        host: s.host!, port: s.port, secure: s.secure,
        auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
        // A stuck mail server must not hold a request (or a CLI run) for minutes.
        connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
      });
    }
    return this.transport;
  }
}
