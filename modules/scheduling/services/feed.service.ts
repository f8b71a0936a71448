import crypto from 'node:crypto';
import { inject, injectable } from 'inversify';
import { Op } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import { FeedToken } from '../models/feed-token.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { Shift } from '../models/shift.model';
import { icsCalendar, type IcsEvent } from '../domain/ics';
import { positionLabel } from '../domain/seats';
import type { FeedIssued, FeedStatus } from '../api/feed.types';
import { SchedulingContext } from './scheduling-context';
import { Members } from './members';
import { iso } from './shift-views';

const PAST_DAYS = 60;
const FUTURE_DAYS = 400;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function hash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * A member's calendar feed: a secret URL calendar apps subscribe to without a session. Only the
 * token's hash is stored; issuing a new one replaces (revokes) the old, and it can be revoked
 * outright. A token whose member left, or whose organization turned scheduling off, reads as 404.
 */
@injectable()
export class FeedService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(ModuleConfigService) private readonly modules: ModuleConfigService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async status(actor: Actor): Promise<FeedStatus> {
    const row = await FeedToken.findOne({ where: { userId: actor.auth.userId, organizationId: actor.auth.organizationId }, raw: true });
    return { active: Boolean(row), created_at: iso(row?.createdAt) };
  }

  async issue(actor: Actor): Promise<FeedIssued> {
    const token = crypto.randomBytes(32).toString('base64url');
    const org = actor.auth.organizationId;
    const created = await this.ctx.db.transaction(async (tx) => {
      const replaced = await FeedToken.destroy({ where: { userId: actor.auth.userId }, transaction: tx });
      const row = await FeedToken.create({ organizationId: org, userId: actor.auth.userId, tokenHash: hash(token) }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.feed-issued', eventCategory: 'security', resourceType: 'calendar_feed', resourceId: row.id, eventData: { replaced: replaced > 0 } }));
      return row.createdAt;
    });
    return { url: `/api/v1/scheduling/ics/${token}`, token, created_at: created.toISOString() };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const n = await FeedToken.destroy({ where: { userId: actor.auth.userId, organizationId: actor.auth.organizationId }, transaction: tx });
      if (n === 0) throw new NotFoundError('No calendar feed to revoke', 'LB-SCHED-009');
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.feed-revoked', eventCategory: 'security', resourceType: 'calendar_feed', resourceId: actor.auth.userId }));
    });
  }

  /** The feed's iCalendar text, or 404 for any token that does not open one (never saying why). */
  async calendar(token: string): Promise<string> {
    const notFound = () => new NotFoundError('Calendar feed not found', 'LB-SCHED-009');
    if (!TOKEN.test(token)) throw notFound();
    const row = await FeedToken.findOne({ where: { tokenHash: hash(token) }, raw: true });
    if (!row) throw notFound();
    const org = row.organizationId;
    const member = await Members.find(org, row.userId);
    if (!member || !['active', 'probationary', 'leave'].includes(member.status) || !await this.modules.isEnabled(org, 'scheduling')) throw notFound();
    const now = Date.now();
    const assignments = await Assignment.findAll({ where: { organizationId: org, userId: row.userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, raw: true });
    const shifts = assignments.length ? await Shift.findAll({
      where: { organizationId: org, id: { [Op.in]: assignments.map((a) => a.shiftId) }, startTime: { [Op.between]: [new Date(now - PAST_DAYS * 86_400_000), new Date(now + FUTURE_DAYS * 86_400_000)] } },
      order: [['startTime', 'ASC']], raw: true,
    }) : [];
    const byShift = new Map(assignments.map((a) => [a.shiftId, a]));
    const events: IcsEvent[] = shifts.map((s) => {
      const a = byShift.get(s.id)!;
      return {
        uid: `${a.id}@the-logbook`, start: new Date(s.startTime), end: new Date(s.endTime),
        summary: `Shift: ${positionLabel(a.position)}${s.platoon ? ` (platoon ${s.platoon})` : ''}`,
        description: s.notes ?? undefined,
        status: s.status === 'cancelled' ? 'CANCELLED' : a.assignmentStatus === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE',
        updated: new Date(Math.max(new Date(s.updatedAt).getTime(), new Date(a.updatedAt).getTime())),
      };
    });
    return icsCalendar(`${member.name}: shifts`, events);
  }
}
