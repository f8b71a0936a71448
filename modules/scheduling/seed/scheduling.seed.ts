import { inject, injectable } from 'inversify';
import { Op } from 'sequelize';
import type { Actor } from '../../../core/identity/api/actor';
import type { DemoSeedContext, SeedContributor, SeedCounts } from '../../../core/seed/seed.types';
import { addDays, daysBetween } from '../../../core/seed/seed-dates';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { Shift } from '../models/shift.model';
import { ShiftPattern } from '../models/shift-pattern.model';
import { ShiftTemplate } from '../models/shift-template.model';
import { SwapRequest } from '../models/swap-request.model';
import { TimeOff } from '../models/time-off.model';
import { AssignmentsService } from '../services/assignments.service';
import { PatternsService } from '../services/patterns.service';
import { SwapsService } from '../services/swaps.service';
import { TemplatesService } from '../services/templates.service';
import { TimeOffService } from '../services/time-off.service';
import {
  DAY_CAR_PATTERN, DAY_CAR_TEMPLATE, DEMO_DAYS, PLATOON_TEMPLATE, PLATOONS, dayCarSeats, platoonPattern, platoonSeats, plannedTimeOff, type PlannedSeat,
} from './scheduling-demo-plan';

const day = (v: unknown): string => String(v).slice(0, 10);

/**
 * Scheduling's part of `logbook seed --demo`: two templates, an A/B/C platoon rotation (24 on, 48
 * off) and a weekday EMS day car, three months of generated shifts from the anchor date, staffed
 * by officers' assignments and a few self sign-ups, plus time off and swap requests in every state.
 * Everything goes through the module's services; each step creates only what is missing. Shifts
 * that have already ended are never staffed afterwards (the rules refuse it, as they would for an officer).
 */
@injectable()
export class SchedulingSeeder implements SeedContributor {
  readonly module = 'scheduling';

  constructor(
    @inject(TemplatesService) private readonly templates: TemplatesService,
    @inject(PatternsService) private readonly patterns: PatternsService,
    @inject(TimeOffService) private readonly timeOff: TimeOffService,
    @inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @inject(SwapsService) private readonly swaps: SwapsService,
  ) {}

  async demo(ctx: DemoSeedContext): Promise<SeedCounts> {
    const counts: SeedCounts = { templates: 0, patterns: 0, shifts: 0, time_off: 0, assignments: 0, signups: 0, swaps: 0, reviews: 0 };
    const org = ctx.organizationId;
    const end = addDays(ctx.anchor, DEMO_DAYS - 1);
    ctx.progress.plan(6);
    const tick = (n = 1) => ctx.progress.tick(n, 'scheduling');

    const templates = new Map((await ShiftTemplate.findAll({ where: { organizationId: org }, attributes: ['id', 'name'], raw: true })).map((t) => [t.name, t.id]));
    for (const t of [PLATOON_TEMPLATE, DAY_CAR_TEMPLATE]) {
      if (!templates.has(t.name)) { templates.set(t.name, (await this.templates.create(ctx.admin, t)).id); counts.templates++; }
    }
    tick();

    const wanted = [
      ...PLATOONS.map((p, i) => ({ name: platoonPattern(p), pattern_type: 'platoon' as const, template_id: templates.get(PLATOON_TEMPLATE.name)!, start_date: addDays(ctx.anchor, i), days_on: 1, days_off: 2, platoon: p })),
      { name: DAY_CAR_PATTERN, pattern_type: 'weekly' as const, template_id: templates.get(DAY_CAR_TEMPLATE.name)!, start_date: ctx.anchor, weekdays: [1, 2, 3, 4, 5] },
    ];
    const patterns = new Map((await ShiftPattern.findAll({ where: { organizationId: org }, attributes: ['id', 'name', 'generatedThrough'], raw: true })).map((p) => [p.name, p]));
    for (const w of wanted) {
      let p = patterns.get(w.name);
      if (!p) {
        const created = await this.patterns.create(ctx.admin, w);
        p = { id: created.id, name: created.name, generatedThrough: null } as ShiftPattern;
        patterns.set(w.name, p);
        counts.patterns++;
      }
      if (!p.generatedThrough || day(p.generatedThrough) < end) counts.shifts += (await this.patterns.generate(ctx.admin, p.id, ctx.anchor, end)).created;
    }
    tick();

    const timeOff = plannedTimeOff(ctx.members, ctx.anchor);
    const requests = await this.ensureTimeOff(ctx, timeOff);
    counts.time_off = requests.created;
    counts.reviews += requests.reviewed;
    tick();

    const patternIds = wanted.map((w) => patterns.get(w.name)!.id);
    const dayCarPattern = patterns.get(DAY_CAR_PATTERN)!.id;
    const shifts = await Shift.findAll({
      where: { organizationId: org, patternId: patternIds, status: 'scheduled', shiftDate: { [Op.between]: [ctx.anchor, end] } },
      attributes: ['id', 'shiftDate', 'startTime', 'endTime', 'platoon', 'patternId'], order: [['startTime', 'ASC']], raw: true,
    });
    const plan = new Map<string, PlannedSeat[]>();
    for (const s of shifts) {
      const date = day(s.shiftDate);
      plan.set(s.id, s.patternId === dayCarPattern
        ? dayCarSeats(ctx.members, ctx.anchor, date, timeOff)
        : platoonSeats(ctx.members, s.platoon ?? 'A', date, Math.floor(daysBetween(ctx.anchor, date) / 3), timeOff));
    }
    const staffed = await this.staff(ctx, shifts, plan);
    counts.assignments = staffed.assigned;
    counts.signups = staffed.signedUp;
    tick();

    const swaps = await this.ensureSwaps(ctx, shifts.filter((s) => s.platoon === 'A'), plan);
    counts.swaps = swaps.created;
    counts.reviews += swaps.reviewed;
    tick(2);
    return counts;
  }

  /** Requests by the members themselves, answered by the administrator. */
  private async ensureTimeOff(ctx: DemoSeedContext, planned: ReturnType<typeof plannedTimeOff>): Promise<{ created: number; reviewed: number }> {
    const existing = new Map((await TimeOff.findAll({ where: { organizationId: ctx.organizationId }, attributes: ['id', 'userId', 'startDate', 'status'], raw: true }))
      .map((t) => [`${t.userId}|${day(t.startDate)}`, t]));
    const done = { created: 0, reviewed: 0 };
    for (const t of planned) {
      let row: { id: string; status: string } | undefined = existing.get(`${t.userId}|${t.start}`);
      if (!row) {
        row = await this.timeOff.create(await ctx.actorFor(t.userId), { start_date: t.start, end_date: t.end, reason: t.reason });
        done.created++;
      }
      if (row.status === 'pending' && t.decision) {
        await this.timeOff.review(ctx.admin, row.id, { status: t.decision, reviewer_notes: t.decision === 'denied' ? 'Minimum staffing that weekend' : null });
        done.reviewed++;
      }
    }
    return done;
  }

  /** Fills the seats the plan names that are still empty, on shifts that have not ended. */
  private async staff(ctx: DemoSeedContext, shifts: ReadonlyArray<Pick<Shift, 'id' | 'startTime' | 'endTime'>>, plan: Map<string, PlannedSeat[]>): Promise<{ assigned: number; signedUp: number }> {
    const now = Date.now();
    const open = shifts.filter((s) => new Date(s.endTime).getTime() > now);
    const current = await Assignment.findAll({ where: { shiftId: open.map((s) => s.id), assignmentStatus: [...ACTIVE_ASSIGNMENT_STATUSES] }, attributes: ['shiftId', 'userId', 'position'], raw: true });
    const held = new Map<string, Array<{ userId: string; position: string }>>();
    for (const a of current) held.set(a.shiftId, [...(held.get(a.shiftId) ?? []), a]);
    const actors = new Map<string, Actor>();
    let assigned = 0;
    let signedUp = 0;
    for (const shift of open) {
      const seats = held.get(shift.id) ?? [];
      const started = new Date(shift.startTime).getTime() <= now;
      for (const position of new Set((plan.get(shift.id) ?? []).map((p) => p.position))) {
        const wanted = plan.get(shift.id)!.filter((p) => p.position === position);
        const missing = wanted.length - seats.filter((s) => s.position === position).length;
        const candidates = wanted.filter((p) => !seats.some((s) => s.userId === p.userId)).slice(0, Math.max(0, missing));
        for (const p of candidates) {
          if (p.signUp) {
            // Sign-up closes when the shift starts; the seat simply stays open then.
            if (started) continue;
            if (!actors.has(p.userId)) actors.set(p.userId, await ctx.actorFor(p.userId));
            await this.assignments.signUp(actors.get(p.userId)!, shift.id, p.position);
            signedUp++;
          } else {
            await this.assignments.assign(ctx.admin, shift.id, { user_id: p.userId, position: p.position });
            assigned++;
          }
          seats.push({ userId: p.userId, position: p.position });
        }
      }
    }
    return { assigned, signedUp };
  }

  /**
   * Three swap requests by A-platoon firefighters handing their seat to someone off the rotation
   * (the administrator, the safety officer, the training officer): one approved, one pending, one
   * denied, reviewed by the chief. Only on shifts that have not started.
   */
  private async ensureSwaps(ctx: DemoSeedContext, platoonShifts: ReadonlyArray<Pick<Shift, 'id' | 'startTime'>>, plan: Map<string, PlannedSeat[]>): Promise<{ created: number; reviewed: number }> {
    const staff = (slug: string) => ctx.members.find((m) => m.positions.includes(slug) && m.status === 'active');
    // The administrator takes the approved swap's seat (so "My shifts" has one); the chief reviews, as nobody reviews their own swap.
    const chief = staff('fire_chief');
    const reviewer = chief ? await ctx.actorFor(chief.id) : ctx.admin;
    const wanted = [
      { index: 3, target: ctx.members.find((m) => m.id === ctx.admin.auth.userId), decision: 'approved' as const, reason: 'Daughter\'s graduation' },
      { index: 5, target: staff('safety_officer'), decision: null, reason: 'Medical appointment' },
      { index: 7, target: staff('training_officer'), decision: 'denied' as const, reason: 'Out of town' },
    ];
    const existing = new Map((await SwapRequest.findAll({ where: { organizationId: ctx.organizationId }, attributes: ['id', 'requestingUserId', 'offeringShiftId', 'status'], raw: true }))
      .map((s) => [`${s.requestingUserId}|${s.offeringShiftId}`, s]));
    const done = { created: 0, reviewed: 0 };
    for (const w of wanted) {
      const shift = platoonShifts[w.index];
      const requester = shift && plan.get(shift.id)?.find((p) => p.position === 'firefighter');
      if (!shift || !requester || !w.target) continue;
      let row: { id: string; status: string } | undefined = existing.get(`${requester.userId}|${shift.id}`);
      if (!row) {
        if (new Date(shift.startTime).getTime() <= Date.now()) continue;
        row = await this.swaps.create(await ctx.actorFor(requester.userId), { offering_shift_id: shift.id, target_user_id: w.target.id, reason: w.reason });
        done.created++;
      }
      if (row.status === 'pending' && w.decision) {
        await this.swaps.review(reviewer, row.id, { status: w.decision, reviewer_notes: w.decision === 'denied' ? 'We need a second firefighter from the platoon that day' : null });
        done.reviewed++;
      }
    }
    return done;
  }
}
