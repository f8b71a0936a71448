import crypto from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Actor } from '../../../core/identity/api/actor';
import type { DemoSeedContext, ScaleSeedContext, SeedContributor, SeedCounts } from '../../../core/seed/seed.types';
import { addDays } from '../../../core/seed/seed-dates';
import { TrainingCategory } from '../models/category.model';
import { TrainingCourse } from '../models/course.model';
import { TrainingRecord } from '../models/record.model';
import { TrainingRequirement } from '../models/requirement.model';
import { TrainingWaiver } from '../models/waiver.model';
import { CategoriesService } from '../services/categories.service';
import { CoursesService } from '../services/courses.service';
import { RecordsService } from '../services/records.service';
import { RequirementsService } from '../services/requirements.service';
import { WaiversService } from '../services/waivers.service';
import { DEMO_CATEGORIES, DEMO_COURSES, DEMO_REQUIREMENTS } from './training-demo-catalog';
import { planRecords, recordKey, trains } from './training-demo-records';
import { RECORDS_PER_MEMBER, scaleRecords } from './training-scale';

const day = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).slice(0, 10));

/**
 * Training's part of `logbook seed`: the catalogue (categories, courses, requirements), about two
 * years of records per member and a few waivers, created through the module's services (the ones
 * the controllers call), each only when missing.
 */
@injectable()
export class TrainingSeeder implements SeedContributor {
  readonly module = 'training';

  constructor(
    @inject(CategoriesService) private readonly categories: CategoriesService,
    @inject(CoursesService) private readonly courses: CoursesService,
    @inject(RequirementsService) private readonly requirements: RequirementsService,
    @inject(RecordsService) private readonly records: RecordsService,
    @inject(WaiversService) private readonly waivers: WaiversService,
  ) {}

  /** Categories, courses and requirements missing from the organization; returns course ids by code. */
  private async catalogue(admin: Actor, counts: SeedCounts, tick: () => void): Promise<Map<string, string>> {
    const org = admin.auth.organizationId;
    const categories = new Map((await TrainingCategory.findAll({ where: { organizationId: org }, attributes: ['id', 'code'], raw: true })).map((c) => [c.code ?? '', c.id]));
    for (const c of DEMO_CATEGORIES) {
      if (!categories.has(c.code!)) { categories.set(c.code!, (await this.categories.create(admin, c)).id); counts.categories++; }
      tick();
    }
    const courses = new Map((await TrainingCourse.findAll({ where: { organizationId: org }, attributes: ['id', 'code'], raw: true })).map((c) => [c.code ?? '', c.id]));
    for (const { category, ...c } of DEMO_COURSES) {
      if (!courses.has(c.code)) { courses.set(c.code, (await this.courses.create(admin, { ...c, category_ids: [categories.get(category)!] })).id); counts.courses++; }
      tick();
    }
    const requirements = new Set((await TrainingRequirement.findAll({ where: { organizationId: org }, attributes: ['name'], raw: true })).map((r) => r.name));
    for (const { courseCodes, ...req } of DEMO_REQUIREMENTS) {
      if (!requirements.has(req.name)) {
        await this.requirements.create(admin, { ...req, ...(courseCodes ? { required_courses: courseCodes.map((code) => courses.get(code)!) } : {}) });
        counts.requirements++;
      }
      tick();
    }
    return courses;
  }

  async demo(ctx: DemoSeedContext): Promise<SeedCounts> {
    const counts: SeedCounts = { categories: 0, courses: 0, requirements: 0, records: 0, waivers: 0 };
    const random = ctx.random('training');
    const planned = ctx.members.flatMap((m) => planRecords(m, ctx.anchor, random.fork('records')));
    const waivers = this.plannedWaivers(ctx);
    ctx.progress.plan(DEMO_CATEGORIES.length + DEMO_COURSES.length + DEMO_REQUIREMENTS.length + planned.length + waivers.length);
    const tick = () => ctx.progress.tick(1, 'training');
    const courses = await this.catalogue(ctx.admin, counts, tick);

    const org = ctx.organizationId;
    const existing = new Set((await TrainingRecord.findAll({ where: { organizationId: org }, attributes: ['userId', 'courseId', 'status', 'completionDate', 'scheduledDate'], raw: true }))
      .map((r) => recordKey(r.userId, r.courseId, r.status, day(r.completionDate), day(r.scheduledDate))));
    for (const p of planned) {
      const courseId = courses.get(p.courseCode)!;
      const key = recordKey(p.userId, courseId, p.status, p.completionDate, p.scheduledDate);
      if (!existing.has(key)) {
        existing.add(key);
        await this.records.create(ctx.admin, {
          user_id: p.userId, course_id: courseId, status: p.status, completion_date: p.completionDate, scheduled_date: p.scheduledDate,
          certification_number: p.certificationNumber, issuing_agency: p.issuingAgency, instructor: p.instructor, location: p.location,
          ...(p.status === 'completed' ? { rank_at_completion: p.rank, station_at_completion: p.station } : {}),
        });
        counts.records++;
      }
      tick();
    }

    const held = new Set((await TrainingWaiver.findAll({ where: { organizationId: org }, attributes: ['userId', 'waiverType', 'startDate'], raw: true }))
      .map((w) => `${w.userId}|${w.waiverType}|${day(w.startDate)}`));
    for (const w of waivers) {
      if (!held.has(`${w.user_id}|${w.waiver_type}|${w.start_date}`)) { await this.waivers.create(ctx.admin, w); counts.waivers++; }
      tick();
    }
    return counts;
  }

  /** A leave waiver for the member on leave, a medical one in the past for a firefighter. */
  private plannedWaivers(ctx: DemoSeedContext): Array<Parameters<WaiversService['create']>[1]> {
    const out: Array<Parameters<WaiversService['create']>[1]> = [];
    const onLeave = ctx.members.find((m) => m.status === 'leave');
    if (onLeave) out.push({ user_id: onLeave.id, waiver_type: 'leave', reason: 'Extended family leave', start_date: addDays(ctx.anchor, -40), end_date: addDays(ctx.anchor, 50) });
    const recovering = ctx.members.filter((m) => m.platoon === 'C' && m.positions.includes('firefighter') && trains(m))[0];
    if (recovering) out.push({ user_id: recovering.id, waiver_type: 'medical', reason: 'Shoulder surgery recovery', start_date: addDays(ctx.anchor, -160), end_date: addDays(ctx.anchor, -75) });
    return out;
  }

  /** The catalogue through the services, then 100 records per member in audited bulk batches. */
  async scale(ctx: ScaleSeedContext): Promise<SeedCounts> {
    const counts: SeedCounts = { categories: 0, courses: 0, requirements: 0, records: 0 };
    // One announcement for the catalogue and the records, so the bar's total does not jump.
    ctx.progress.plan(DEMO_CATEGORIES.length + DEMO_COURSES.length + DEMO_REQUIREMENTS.length + ctx.members.length * RECORDS_PER_MEMBER);
    const courses = await this.catalogue(ctx.admin, counts, () => ctx.progress.tick(1, 'training catalogue'));
    const rows = await TrainingCourse.findAll({ where: { organizationId: ctx.organizationId, id: [...courses.values()] }, attributes: ['id', 'name', 'code', 'trainingType', 'durationHours', 'expirationMonths'], raw: true });
    counts.records = await scaleRecords(ctx, rows, () => crypto.randomUUID());
    return counts;
  }
}
