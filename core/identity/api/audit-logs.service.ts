import { inject, injectable } from 'inversify';
import { Op, fn, col, type WhereOptions } from 'sequelize';
import { AuditLog } from '../../audit/models/audit-log.model';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { AuditService } from '../../audit/audit.service';
import { ValidationError } from '../../http/errors';
import { changeEvent, type Actor } from './actor';
import type { AuditIntegrity, AuditLogFilter, AuditLogPage, AuditLogRow, AuditLogStats, AuditPublicKey } from './audit-logs.types';

export const AUDIT_PAGE_MAX = 500;

/** MariaDB hands DATETIME(6) back as a Date, or as text when read raw with dateStrings; both are UTC. */
function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}

function date(field: string, value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  // A bare date means the whole day (UTC) on the end bound, as the SPA's date pickers send.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value);
  if (Number.isNaN(d.getTime())) throw new ValidationError([{ field, message: 'Expected an ISO 8601 date or datetime' }]);
  return d;
}

function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Read side of the audit log for an organization's administrators; writes happen only through AuditService. */
@injectable()
export class AuditLogsService {
  constructor(
    @inject(AuditService) private readonly audit: AuditService,
    @inject(AUDIT_RECORDER) private readonly recorder: AuditRecorder,
  ) {}

  async list(actor: Actor, filter: AuditLogFilter, skip: number, limit: number): Promise<AuditLogPage> {
    const where = this.where(actor.auth.organizationId, filter);
    const { rows, count } = await AuditLog.findAndCountAll({
      where, order: [['id', 'DESC']], offset: skip, limit, raw: true,
      attributes: ['id', 'timestamp', 'eventType', 'eventCategory', 'severity', 'userId', 'username', 'ipAddress', 'eventData'],
    });
    // Reading the audit trail is itself an access worth a trace (HIPAA §164.312(b)); the filters are not personal data.
    await this.recorder.recordStandalone(changeEvent(actor, { eventType: 'audit.viewed', eventCategory: 'audit', resourceType: 'audit_log', resourceId: null, eventData: { filters: Object.keys(filter).filter((k) => filter[k as keyof AuditLogFilter]), skip, limit, returned: rows.length } }));
    return { logs: rows.map((r) => this.row(r)), total: count, skip, limit };
  }

  async stats(organizationId: string): Promise<AuditLogStats> {
    const group = async (field: 'severity' | 'eventCategory'): Promise<Record<string, number>> => {
      const rows = await AuditLog.findAll({ where: { organizationId }, attributes: [field, [fn('COUNT', col('id')), 'n']], group: [field], raw: true }) as unknown as Array<Record<string, unknown>>;
      return Object.fromEntries(rows.map((r) => [String(r[field]), Number(r.n)]));
    };
    const [bySeverity, byCategory] = await Promise.all([group('severity'), group('eventCategory')]);
    return { total: Object.values(bySeverity).reduce((a, b) => a + b, 0), by_severity: bySeverity, by_category: byCategory };
  }

  async integrity(actor: Actor, startId?: number, endId?: number): Promise<AuditIntegrity> {
    const report = await this.audit.integrity(actor.auth.organizationId, { startId, endId });
    await this.recorder.recordStandalone(changeEvent(actor, {
      eventType: 'audit.integrity-checked', eventCategory: 'audit', resourceType: 'audit_log', resourceId: null,
      severity: report.verified ? 'info' : 'critical', eventData: { verified: report.verified, total_checked: report.total_checked, start_id: startId ?? null, end_id: endId ?? null },
    }));
    return report;
  }

  publicKey(): AuditPublicKey {
    const key = this.audit.publicKey();
    return { algorithm: 'Ed25519', key_id: key.keyId, public_key_pem: key.pem };
  }

  private where(organizationId: string, f: AuditLogFilter): WhereOptions {
    const start = date('start_date', f.start_date, false);
    const end = date('end_date', f.end_date, true);
    const and: WhereOptions[] = [{ organizationId }];
    if (f.severity) and.push({ severity: f.severity });
    if (f.event_category) and.push({ eventCategory: f.event_category });
    if (f.event_type) and.push({ eventType: f.event_type });
    if (f.user_id) and.push({ userId: f.user_id });
    if (start) and.push({ timestamp: { [Op.gte]: start } });
    if (end) and.push({ timestamp: { [Op.lte]: end } });
    if (f.search) {
      const pattern = like(f.search);
      and.push({ [Op.or]: [{ eventType: { [Op.like]: pattern } }, { eventCategory: { [Op.like]: pattern } }, { username: { [Op.like]: pattern } }] });
    }
    return { [Op.and]: and };
  }

  private row(r: AuditLog): AuditLogRow {
    const data = typeof r.eventData === 'string' ? JSON.parse(r.eventData) as Record<string, unknown> : r.eventData;
    return {
      id: Number(r.id), timestamp: iso(r.timestamp), event_type: r.eventType, event_category: r.eventCategory,
      severity: (['info', 'warning', 'critical'] as const).find((s) => s === r.severity) ?? null,
      user_id: r.userId, username: r.username, ip_address: r.ipAddress, event_data: data ?? {},
    };
  }
}
