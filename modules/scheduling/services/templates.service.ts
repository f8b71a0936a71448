import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError, ValidationError, type FieldProblem } from '../../../core/http/errors';
import { changeEvent, changedFields, type Actor } from '../../../core/identity/api/actor';
import { ShiftTemplate } from '../models/shift-template.model';
import { parseSeats, readSeats } from '../domain/seats';
import { isValidTimeOfDay } from '../domain/zoned-time';
import type { CreateTemplateRequest, TemplateView, UpdateTemplateRequest } from '../api/template.types';
import { SchedulingContext } from './scheduling-context';
import { iso } from './shift-views';

type TemplateRow = Pick<ShiftTemplate, 'id' | 'organizationId' | 'name' | 'description' | 'startTimeOfDay' | 'endTimeOfDay' | 'durationHours' | 'color'
  | 'positions' | 'minStaffing' | 'category' | 'apparatusType' | 'apparatusId' | 'isDefault' | 'isActive' | 'openToAllMembers' | 'createdAt' | 'updatedAt'>;

export function templateView(t: TemplateRow): TemplateView {
  return {
    id: t.id, organization_id: t.organizationId, name: t.name, description: t.description, start_time_of_day: t.startTimeOfDay,
    end_time_of_day: t.endTimeOfDay, duration_hours: Number(t.durationHours), color: t.color, positions: readSeats(t.positions),
    min_staffing: t.minStaffing, category: t.category, apparatus_type: t.apparatusType, apparatus_id: t.apparatusId,
    is_default: Boolean(t.isDefault), is_active: Boolean(t.isActive), open_to_all_members: Boolean(t.openToAllMembers),
    created_at: iso(t.createdAt)!, updated_at: iso(t.updatedAt)!,
  };
}

/** Hours from one local time of day to the next occurrence of another (24 when equal: a 24-hour shift). */
export function hoursBetween(start: string, end: string): number {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const diff = (toMin(end) - toMin(start) + 1440) % 1440;
  return (diff === 0 ? 1440 : diff) / 60;
}

/** Shift templates (spa-contract §2.9). Only one template per organization is the default. */
@injectable()
export class TemplatesService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(organizationId: string, activeOnly: boolean): Promise<TemplateView[]> {
    const rows = await ShiftTemplate.findAll({ where: { organizationId, ...(activeOnly ? { isActive: true } : {}) }, order: [['name', 'ASC']], raw: true });
    return rows.map(templateView);
  }

  async create(actor: Actor, body: CreateTemplateRequest): Promise<TemplateView> {
    const org = actor.auth.organizationId;
    const fields = this.validate(body, true);
    return this.ctx.db.transaction(async (tx) => {
      if (body.is_default) await this.clearDefault(tx, org);
      const t = await ShiftTemplate.create({
        organizationId: org, name: body.name.trim(), description: body.description ?? null, startTimeOfDay: body.start_time_of_day,
        endTimeOfDay: body.end_time_of_day, durationHours: body.duration_hours ?? hoursBetween(body.start_time_of_day, body.end_time_of_day),
        color: body.color ?? null, positions: fields.positions, minStaffing: body.min_staffing ?? 1, category: body.category ?? 'standard',
        apparatusType: body.apparatus_type ?? null, apparatusId: body.apparatus_id ?? null, isDefault: body.is_default ?? false,
        isActive: body.is_active ?? true, openToAllMembers: body.open_to_all_members ?? true, createdBy: actor.auth.userId,
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.template-created', eventCategory: 'scheduling', resourceType: 'shift_template', resourceId: t.id, eventData: { name: t.name } }));
      return templateView(t);
    });
  }

  async update(actor: Actor, id: string, body: UpdateTemplateRequest): Promise<TemplateView> {
    const org = actor.auth.organizationId;
    const fields = this.validate(body, false);
    return this.ctx.db.transaction(async (tx) => {
      const t = await this.find(tx, org, id);
      if (body.is_default) await this.clearDefault(tx, org);
      const start = body.start_time_of_day ?? t.startTimeOfDay;
      const end = body.end_time_of_day ?? t.endTimeOfDay;
      await t.update({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        startTimeOfDay: start, endTimeOfDay: end,
        ...(body.duration_hours !== undefined ? { durationHours: body.duration_hours } : (body.start_time_of_day || body.end_time_of_day ? { durationHours: hoursBetween(start, end) } : {})),
        ...(body.color !== undefined ? { color: body.color } : {}),
        ...(body.positions !== undefined ? { positions: fields.positions } : {}),
        ...(body.min_staffing !== undefined ? { minStaffing: body.min_staffing } : {}),
        ...(body.category !== undefined ? { category: body.category } : {}),
        ...(body.apparatus_type !== undefined ? { apparatusType: body.apparatus_type } : {}),
        ...(body.apparatus_id !== undefined ? { apparatusId: body.apparatus_id } : {}),
        ...(body.is_default !== undefined ? { isDefault: body.is_default } : {}),
        ...(body.is_active !== undefined ? { isActive: body.is_active } : {}),
        ...(body.open_to_all_members !== undefined ? { openToAllMembers: body.open_to_all_members } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.template-updated', eventCategory: 'scheduling', resourceType: 'shift_template', resourceId: id, eventData: { changed: changedFields(body) } }));
      return templateView(t);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.find(tx, org, id);
      await t.destroy({ transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.template-deleted', eventCategory: 'scheduling', resourceType: 'shift_template', resourceId: id, severity: 'warning', eventData: { name: t.name } }));
    });
  }

  private validate(body: UpdateTemplateRequest, creating: boolean): { positions: string | null } {
    const problems: FieldProblem[] = [];
    for (const f of ['start_time_of_day', 'end_time_of_day'] as const) {
      const v = body[f];
      if ((creating || v !== undefined) && (typeof v !== 'string' || !isValidTimeOfDay(v))) problems.push({ field: f, message: 'must be a time of day, HH:MM' });
    }
    let positions: string | null = null;
    if (body.positions) {
      const { seats, unknown } = parseSeats(body.positions);
      for (const u of unknown) problems.push({ field: 'positions', message: `unknown position "${u.slice(0, 20)}"` });
      positions = JSON.stringify(seats);
    }
    if (problems.length) throw new ValidationError(problems);
    return { positions };
  }

  private async clearDefault(tx: Transaction, organizationId: string): Promise<void> {
    await ShiftTemplate.update({ isDefault: false }, { where: { organizationId, isDefault: true }, transaction: tx });
  }

  private async find(tx: Transaction, organizationId: string, id: string): Promise<ShiftTemplate> {
    const t = await ShiftTemplate.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!t) throw new NotFoundError('Template not found', 'LB-SCHED-005');
    return t;
  }
}
