import { inject, injectable } from 'inversify';
import type { Cache } from '../../cache';
import type { Logger } from '../../logging/logger';
import { TOKENS } from '../../kernel/tokens';
import { TooManyRequestsError } from '../../http/errors';
import type { RequestMeta } from '../auth/request-meta';
import { ClientErrorLog } from './client-error-log.model';
import type { ClientErrorLogged, ClientErrorReport } from './client-errors.types';

/** The SPA sends at most 20 a minute per tab; a bit more per IP allows a few members behind one NAT. */
export const CLIENT_ERROR_LIMITS = { perMember: 20, perIp: 60, windowMs: 60_000 } as const;

export interface Reporter {
  organizationId: string;
  userId: string;
}

/**
 * Stores the SPA's error reports for support staff. Reports may quote what was on screen, so
 * their text never goes to the log at info level (only the type and status, at debug).
 */
@injectable()
export class ClientErrorsService {
  constructor(
    @inject(TOKENS.Cache) private readonly cache: Cache,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async record(report: ClientErrorReport, meta: RequestMeta, reporter: Reporter | null): Promise<ClientErrorLogged> {
    await this.throttle(meta, reporter);
    const row = await ClientErrorLog.create({
      organizationId: reporter?.organizationId ?? null,
      userId: reporter?.userId ?? null,
      errorType: report.error_type,
      errorMessage: report.error_message,
      userMessage: report.user_message ?? null,
      troubleshootingSteps: (report.troubleshooting_steps ?? []).map((s) => String(s).slice(0, 500)),
      context: report.context ?? null,
      ipAddress: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
    });
    this.logger.debug({ errorType: report.error_type, status: report.context?.status ?? null, clientErrorId: row.id }, 'client error reported');
    return { id: row.id };
  }

  private async throttle(meta: RequestMeta, reporter: Reporter | null): Promise<void> {
    const checks = [
      ...(meta.ip ? [this.cache.hit(`errlog:ip:${meta.ip.replace(/[^0-9a-fA-F.:]/g, '_')}`, CLIENT_ERROR_LIMITS.perIp, CLIENT_ERROR_LIMITS.windowMs)] : []),
      ...(reporter ? [this.cache.forOrganization(reporter.organizationId).hit(`errlog:user:${reporter.userId}`, CLIENT_ERROR_LIMITS.perMember, CLIENT_ERROR_LIMITS.windowMs)] : []),
    ];
    for (const result of await Promise.all(checks)) {
      if (!result.allowed) throw new TooManyRequestsError(result.retryAfterMs / 1000, 'Too many error reports; try again later', 'LB-RATE-003');
    }
  }
}
