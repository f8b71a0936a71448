import { inject, injectable } from 'inversify';
import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { Organization } from '../../identity/models/organization.model';
import { OrganizationSettingsCodec, parseSettings } from '../../identity/organization-settings';
import type { RequestMeta } from '../../identity/auth/request-meta';
import { OnboardingService, type StepCredentials } from '../onboarding.service';
import type { EmailTestRequest, EmailTestResponse } from '../onboarding.types';
import { smtpSettings, type TestableSmtp } from './smtp-settings';

/** Short: the person in the wizard is waiting, and an address that never answers should fail fast. */
const TIMEOUT_MS = 8_000;

/**
 * nodemailer's error codes, turned into what the person can act on. The server's own reply is not
 * passed on: it can echo addresses or credentials, and it would make this an SMTP probe.
 */
function failureMessage(code: string | undefined): string {
  switch (code) {
    case 'EAUTH': return 'The mail server refused the username or password';
    case 'ECONNECTION': case 'ETIMEDOUT': case 'ESOCKET': case 'EDNS': case 'ECONNREFUSED':
      return 'Could not connect to the mail server; check the address, port and encryption';
    case 'ETLS': return 'The secure connection to the mail server failed; check the encryption setting';
    case 'EENVELOPE': return 'The mail server refused the sender or recipient address';
    default: return 'The test message could not be sent';
  }
}

/**
 * `POST /onboarding/test/email` (spa-contract §2.6): sends one message with the SMTP settings of
 * the email step, as typed (secrets the step already saved fill what the body leaves out), without
 * saving anything. Needs the wizard's session and CSRF token, so it works only during onboarding.
 * The outcome is audited; the settings and the recipient are not.
 */
@injectable()
export class OnboardingEmailTestService {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(OnboardingService) private readonly onboarding: OnboardingService,
    @inject(OrganizationSettingsCodec) private readonly codec: OrganizationSettingsCodec,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async test(c: StepCredentials, body: EmailTestRequest, meta: RequestMeta): Promise<EmailTestResponse> {
    const { organizationId, saved, name } = await this.onboarding.withSession(c, async (tx, session) => {
      const org = session.data.organizationId ? await Organization.findByPk(session.data.organizationId, { attributes: ['id', 'name', 'settings'], raw: true, transaction: tx }) : null;
      const stored = org ? this.codec.decrypt(org.id, parseSettings(org.settings)).email_service : undefined;
      return { organizationId: org?.id ?? null, saved: (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>, name: org?.name ?? this.config.appName };
    });
    const merged = saved.platform === body.platform ? { ...saved, ...(body.config ?? {}) } : { ...(body.config ?? {}) };
    const settings = smtpSettings(body.platform, merged, name);
    const outcome: EmailTestResponse = settings.ok ? await this.send(settings.smtp) : { success: false, message: settings.message };
    await this.audit.recordStandalone({
      eventType: 'onboarding.email-tested', eventCategory: 'onboarding', severity: outcome.success ? 'info' : 'warning', outcome: outcome.success ? 'success' : 'failure',
      organizationId, ipAddress: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId, eventData: { platform: body.platform },
    });
    return outcome;
  }

  private async send(smtp: TestableSmtp): Promise<EmailTestResponse> {
    const transport = nodemailer.createTransport({
      host: smtp.host, port: smtp.port, secure: smtp.encryption === 'ssl', requireTLS: smtp.encryption === 'tls', ignoreTLS: smtp.encryption === 'none',
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.sendMail({
        from: { name: smtp.fromName, address: smtp.fromEmail }, to: smtp.recipient,
        subject: `${this.config.appName}: test message`,
        text: 'This message confirms that The Logbook can send mail with these settings. No action is needed.',
      });
      return { success: true, message: `Test message sent to ${smtp.recipient}`, details: { host: smtp.host, port: smtp.port, encryption: smtp.encryption, recipient: smtp.recipient } };
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.logger.info({ code: code ?? 'unknown' }, 'onboarding mail test failed');
      return { success: false, message: failureMessage(code) };
    } finally {
      transport.close();
    }
  }
}
