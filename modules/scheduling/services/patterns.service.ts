import crypto from 'node:crypto';
import { inject, injectable } from 'inversify';
import { Op, type Transaction } from 'sequelize';
import { AUDIT_RECORDER, type AuditEvent, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError, ValidationError } from '../../../core/http/errors';
import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import { ShiftPattern } from '../models/shift-pattern.model';
import { ShiftTemplate } from '../models/shift-template.model';
import { Shift } from '../models/shift.model';
import { isOnDuty, rotationProblems, type Rotation } from '../domain/rotation';
import { addDays, daysBetween, zonedInstant } from '../domain/zoned-time';
import { checkRange, requiredDate, dateParam } from '../domain/query-params';
import type { CreatePatternRequest, GenerateResult, PatternView } from '../api/pattern.types';
import { SchedulingContext } from './scheduling-context';
import { iso } from './shift-views';

const MAX_GENERATE_DAYS = 366;

type PatternRow = Pick<ShiftPattern, 'id' | 'organizationId' | 'name' | 'patternType' | 'templateId' | 'startDate' | 'endDate' | 'weekdays' | 'daysOn'
  | 'daysOff' | 'cycle' | 'platoon' | 'isActive' | 'generatedThrough' | 'createdAt' | 'updatedAt'>;

function parseArray<T>(value: string | null): T[] {
  if (!value) return [];
  try {
    const v = JSON.parse(value) as unknown;
    return Array.isArray(v) ? v as T[] : [];
  } catch {
    return [];
  }
}

function rotationOf(p: PatternRow): Rotation {
  return {
    patternType: p.patternType, startDate: String(p.startDate), endDate: p.endDate ? String(p.endDate) : null,
    weekdays: parseArray<number>(p.weekdays), daysOn: p.daysOn, daysOff: p.daysOff, cycle: parseArray<boolean>(p.cycle),
  };
}

function patternView(p: PatternRow): PatternView {
  const r = rotationOf(p);
  return {
    id: p.id, organization_id: p.organizationId, name: p.name, pattern_type: p.patternType, template_id: p.templateId, start_date: r.startDate,
    end_date: r.endDate, weekdays: r.weekdays, days_on: p.daysOn, days_off: p.daysOff, cycle: r.cycle, platoon: p.platoon,
    is_active: Boolean(p.isActive), generated_through: p.generatedThrough ? String(p.generatedThrough) : null,
    created_at: iso(p.createdAt)!, updated_at: iso(p.updatedAt)!,
  };
}

/** Local start and end of a template's shift on `date`: wall-clock times, so a 07:00-07:00 shift stays 07:00-07:00 across DST. */
export function shiftTimes(template: Pick<ShiftTemplate, 'startTimeOfDay' | 'durationHours'>, date: string, timeZone: string): { start: Date; end: Date } {
  const startMinutes = Number(template.startTimeOfDay.slice(0, 2)) * 60 + Number(template.startTimeOfDay.slice(3, 5));
  const endMinutes = startMinutes + Math.round(Number(template.durationHours) * 60);
  const endDate = addDays(date, Math.floor(endMinutes / 1440));
  const m = endMinutes % 1440;
  const endTime = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { start: zonedInstant(date, template.startTimeOfDay, timeZone), end: zonedInstant(endDate, endTime, timeZone) };
}

/**
 * Rotation patterns and the shifts they generate. Each generated shift carries the unique key
 * `<pattern>:<date>`, and rows are inserted with INSERT IGNORE, so generating a range twice (or two
 * processes extending at once) never creates a second shift for a day.
 */
@injectable()
export class PatternsService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(organizationId: string): Promise<PatternView[]> {
    return (await ShiftPattern.findAll({ where: { organizationId }, order: [['name', 'ASC']], raw: true })).map(patternView);
  }

  async create(actor: Actor, body: CreatePatternRequest): Promise<PatternView> {
    const org = actor.auth.organizationId;
    const startDate = requiredDate('start_date', body.start_date);
    const endDate = dateParam('end_date', body.end_date ?? undefined) ?? null;
    const rotation: Rotation = { patternType: body.pattern_type, startDate, endDate, weekdays: body.weekdays ?? [], daysOn: body.days_on ?? null, daysOff: body.days_off ?? null, cycle: body.cycle ?? [] };
    const problems = rotationProblems(rotation);
    if (!await ShiftTemplate.findOne({ where: { id: body.template_id, organizationId: org }, attributes: ['id'], raw: true })) problems.push({ field: 'template_id', message: 'no such template' });
    if (problems.length) throw new ValidationError(problems);
    return this.ctx.db.transaction(async (tx) => {
      const p = await ShiftPattern.create({
        organizationId: org, name: body.name.trim(), patternType: body.pattern_type, templateId: body.template_id, startDate, endDate,
        weekdays: JSON.stringify(rotation.weekdays), daysOn: rotation.daysOn, daysOff: rotation.daysOff, cycle: JSON.stringify(rotation.cycle),
        platoon: body.platoon ?? null, isActive: body.is_active ?? true, createdBy: actor.auth.userId,
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.pattern-created', eventCategory: 'scheduling', resourceType: 'shift_pattern', resourceId: p.id, eventData: { pattern_type: p.patternType } }));
      return patternView(p);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.ctx.db.transaction(async (tx) => {
      const p = await ShiftPattern.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!p) throw new NotFoundError('Pattern not found', 'LB-SCHED-008');
      await p.destroy({ transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.pattern-deleted', eventCategory: 'scheduling', resourceType: 'shift_pattern', resourceId: id, severity: 'warning', eventData: { name: p.name } }));
    });
  }

  async generate(actor: Actor, id: string, startDate: string | undefined, endDate: string | undefined): Promise<GenerateResult> {
    const org = actor.auth.organizationId;
    const from = requiredDate('start_date', startDate);
    const to = requiredDate('end_date', endDate);
    checkRange(from, to, MAX_GENERATE_DAYS);
    const pattern = await ShiftPattern.findOne({ where: { id, organizationId: org }, raw: true });
    if (!pattern) throw new NotFoundError('Pattern not found', 'LB-SCHED-008');
    return this.run(pattern, from, to, (tx, result) => this.audit.record(tx, changeEvent(actor, {
      eventType: 'scheduling.shifts-generated', eventCategory: 'scheduling', resourceType: 'shift_pattern', resourceId: id, eventData: { from, to, ...result },
    })));
  }

  /** The daily job: extends every active pattern of an organization to `auto_generate_weeks` ahead. */
  async extendOrganization(organizationId: string, today: string): Promise<number> {
    const settings = await this.ctx.settings(organizationId);
    if (!settings.auto_generate_enabled) return 0;
    const horizon = addDays(today, settings.auto_generate_weeks * 7);
    let created = 0;
    for (const p of await ShiftPattern.findAll({ where: { organizationId, isActive: true }, raw: true })) {
      const from = p.generatedThrough && String(p.generatedThrough) >= today ? addDays(String(p.generatedThrough), 1) : today;
      if (daysBetween(from, horizon) < 0) continue;
      const result = await this.run(p, from, horizon, (tx, r) => this.audit.record(tx, systemEvent(organizationId, p.id, { from, to: horizon, ...r })));
      created += result.created;
    }
    return created;
  }

  private async run(pattern: PatternRow, from: string, to: string, record: (tx: Transaction, result: GenerateResult) => void): Promise<GenerateResult> {
    const org = pattern.organizationId;
    const template = await ShiftTemplate.findOne({ where: { id: pattern.templateId, organizationId: org }, raw: true });
    if (!template) throw new ValidationError([{ field: 'template_id', message: 'the pattern\'s template no longer exists' }]);
    const tz = await this.ctx.timezone(org);
    const rotation = rotationOf(pattern);
    const rows: Array<Record<string, unknown> & { generationKey: string }> = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (!isOnDuty(rotation, d)) continue;
      const { start, end } = shiftTimes(template, d, tz);
      rows.push({
        id: crypto.randomUUID(), organizationId: org, shiftDate: d, startTime: start, endTime: end, platoon: pattern.platoon, apparatusId: template.apparatusId,
        color: template.color, positions: template.positions, minStaffing: template.minStaffing, openToAllMembers: template.openToAllMembers,
        status: 'scheduled' as const, templateId: template.id, patternId: pattern.id, generationKey: `${pattern.id}:${d}`,
      });
    }
    return this.ctx.db.transaction(async (tx) => {
      const keys = rows.map((r) => r.generationKey);
      const before = keys.length ? await Shift.count({ where: { generationKey: { [Op.in]: keys } }, transaction: tx }) : 0;
      if (rows.length) await Shift.bulkCreate(rows, { ignoreDuplicates: true, transaction: tx });
      const after = keys.length ? await Shift.count({ where: { generationKey: { [Op.in]: keys } }, transaction: tx }) : 0;
      const result = { created: after - before, existing: before };
      if (!pattern.generatedThrough || String(pattern.generatedThrough) < to) {
        await ShiftPattern.update({ generatedThrough: to }, { where: { id: pattern.id, organizationId: org }, transaction: tx });
      }
      record(tx, result);
      return result;
    });
  }
}

function systemEvent(organizationId: string, patternId: string, data: Record<string, unknown>): AuditEvent {
  return { eventType: 'scheduling.shifts-generated', eventCategory: 'scheduling', severity: 'info', outcome: 'success', organizationId, username: 'system', resourceType: 'shift_pattern', resourceId: patternId, eventData: { ...data, by: 'scheduling.extend-patterns' } };
}
