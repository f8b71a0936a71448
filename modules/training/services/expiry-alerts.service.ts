import { inject, injectable } from 'inversify';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import type { Logger } from '../../../core/logging/logger';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { Mailer } from '../../../core/mail/mailer';
import { dateIn } from '../engine/civil-date';
import { currentCertifications } from '../engine/certifications';
import { TIER_AUDIENCE, tierToSend, type AlertAudience, type AlertTier } from '../engine/alert-tiers';
import type { CertificationState, EngineRecord, TrainingStatus, TrainingType } from '../engine/engine.types';
import { TrainingCertAlert } from '../models/cert-alert.model';
import type { TrainingSettings } from '../training.settings';
import { TrainingContext } from './training-context';
import { MemberDirectory, type MemberInfo } from './member-directory';
import { dateOnly, num } from './rows';

export interface AlertRunResult {
  organizations: number;
  sent: number;
  /** Tiers another runner had already claimed. */
  skipped: number;
  [key: string]: number;
}

interface CertRow {
  id: string;
  user_id: string;
  course_id: string | null;
  course_name: string;
  training_type: TrainingType;
  expiration_date: unknown;
  completion_date: unknown;
  certification_number: string | null;
}

/**
 * The daily certification expiry alerts (original-backend §6): 90 and 60 days to the member, 30
 * adds the training officer, 7 the compliance officer, expired the chiefs. Each (record, tier) is
 * claimed with a unique row in the same transaction as its audit entry and its mail: two runners
 * at once send it once, and a failed mail rolls the claim back so the next run retries.
 */
@injectable()
export class ExpiryAlertsService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
    @inject(Mailer) private readonly mailer: Mailer,
    @inject(TrainingContext) private readonly context: TrainingContext,
    @inject(MemberDirectory) private readonly directory: MemberDirectory,
  ) {}

  async run(now: Date = new Date()): Promise<AlertRunResult> {
    const orgs = await this.db.sequelize.query<{ organization_id: string }>(
      "SELECT DISTINCT organization_id FROM training_records WHERE status = 'completed' AND expiration_date IS NOT NULL",
      { type: QueryTypes.SELECT },
    );
    const result: AlertRunResult = { organizations: 0, sent: 0, skipped: 0 };
    for (const { organization_id: org } of orgs) {
      if (!(await this.modules.isEnabled(org, 'training'))) continue;
      result.organizations++;
      const { sent, skipped } = await this.runOrganization(org, now);
      result.sent += sent;
      result.skipped += skipped;
    }
    return result;
  }

  async runOrganization(organizationId: string, now: Date): Promise<{ sent: number; skipped: number }> {
    const [timeZone, settings, members, rows, alerts] = await Promise.all([
      this.context.timeZone(organizationId),
      this.context.settings(organizationId),
      this.directory.list(organizationId),
      this.db.sequelize.query<CertRow>(
        `SELECT id, user_id, course_id, course_name, training_type, expiration_date, completion_date, certification_number FROM training_records
         WHERE organization_id = :organizationId AND status = 'completed' AND expiration_date IS NOT NULL`,
        { type: QueryTypes.SELECT, replacements: { organizationId } },
      ),
      TrainingCertAlert.findAll({ where: { organizationId }, attributes: ['id', 'recordId', 'tier'], raw: true }),
    ]);
    const today = dateIn(timeZone, now);
    const sentTiers = new Map<string, Set<string>>();
    for (const a of alerts) sentTiers.set(a.recordId, (sentTiers.get(a.recordId) ?? new Set()).add(a.tier));
    const records: EngineRecord[] = rows.map((r) => ({
      id: r.id, userId: r.user_id, courseId: r.course_id, categoryId: null, courseName: r.course_name, trainingType: r.training_type,
      status: 'completed' as TrainingStatus, completionDate: dateOnly(r.completion_date), expirationDate: dateOnly(r.expiration_date), hours: num(0),
      certificationNumber: r.certification_number, score: null, passed: null,
    }));
    let sent = 0;
    let skipped = 0;
    // Only the latest record per member and course: a renewed certification stops the alerts of the old one.
    for (const cert of currentCertifications(records, today, settings.expiring_soon_days)) {
      const member = members.get(cert.userId);
      if (!member) continue;
      const tier = tierToSend(cert.expirationDate, today, sentTiers.get(cert.recordId) ?? new Set());
      if (!tier) continue;
      if (await this.deliver(organizationId, cert, tier, member, this.recipients(tier, member, members, settings), now)) sent++;
      else skipped++;
    }
    return { sent, skipped };
  }

  /** The member plus the officers the tier adds (by position slug, from the settings), each once. */
  private recipients(tier: AlertTier, member: MemberInfo, members: Map<string, MemberInfo>, settings: TrainingSettings): MemberInfo[] {
    const slugsFor: Record<Exclude<AlertAudience, 'member'>, string[]> = {
      training_officer: settings.alert_recipients.training_officer_positions,
      compliance_officer: settings.alert_recipients.compliance_officer_positions,
      chiefs: settings.alert_recipients.chief_positions,
    };
    const out = new Map<string, MemberInfo>([[member.id, member]]);
    for (const audience of TIER_AUDIENCE[tier]) {
      if (audience === 'member') continue;
      for (const m of members.values()) if (m.positionSlugs.some((s) => slugsFor[audience].includes(s))) out.set(m.id, m);
    }
    return [...out.values()];
  }

  private async deliver(organizationId: string, cert: CertificationState, tier: AlertTier, member: MemberInfo, recipients: MemberInfo[], now: Date): Promise<boolean> {
    try {
      await this.db.transaction(async (tx) => {
        await TrainingCertAlert.create({
          organizationId, recordId: cert.recordId, userId: cert.userId, tier, expirationDate: cert.expirationDate,
          recipients: recipients.length, emailed: this.mailer.enabled, sentAt: now,
        }, { transaction: tx });
        this.audit.record(tx, {
          eventType: 'training.cert-alert-sent', eventCategory: 'training', severity: tier === 'expired' ? 'warning' : 'info', outcome: 'success',
          organizationId, userId: null, username: 'system', resourceType: 'training_record', resourceId: cert.recordId,
          eventData: { tier, user_id: cert.userId, recipients: recipients.length, emailed: this.mailer.enabled },
        });
        // Inside the transaction: a mail server failure rolls the claim back, and the next run tries again.
        for (const to of recipients) await this.mailer.send(this.message(tier, cert, member, to));
      });
      return true;
    } catch (err) {
      if (err instanceof UniqueConstraintError) return false;
      this.logger.warn({ organizationId, record: cert.recordId, tier, reason: (err as Error).message }, 'certification alert not sent; retried on the next run');
      return false;
    }
  }

  private message(tier: AlertTier, cert: CertificationState, member: MemberInfo, to: MemberInfo): { to: string; subject: string; text: string } {
    const own = to.id === member.id;
    const whose = own ? 'Your' : `${member.name}'s`;
    const when = tier === 'expired'
      ? `expired on ${cert.expirationDate}`
      : `expires on ${cert.expirationDate} (in ${cert.daysUntilExpiry} day${cert.daysUntilExpiry === 1 ? '' : 's'})`;
    const subject = tier === 'expired' ? `Certification expired: ${cert.courseName}` : `Certification expiring: ${cert.courseName}`;
    const action = own ? 'Please renew it and record the new certification in The Logbook.' : 'Please follow up with the member.';
    return { to: to.email, subject, text: `${whose} ${cert.courseName} certification ${when}.\n\n${action}\n` };
  }
}
