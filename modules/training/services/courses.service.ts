import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import { changedFields, type Actor } from '../../../core/identity/api/actor';
import { TrainingCourse } from '../models/course.model';
import { TrainingCategory } from '../models/category.model';
import type { CourseFields, CreateCourseRequest, TrainingCourseView, UpdateCourseRequest } from '../api/courses.types';
import { courseView } from './views';
import { Problems, checkIdsInOrg } from './validation';
import { trainingEvent } from './audit-events';

/** The course library of the caller's organization. */
@injectable()
export class CoursesService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(organizationId: string, activeOnly: boolean): Promise<TrainingCourseView[]> {
    const where = activeOnly ? { organizationId, active: true } : { organizationId };
    const rows = await TrainingCourse.findAll({ where, order: [['name', 'ASC']] });
    return rows.map(courseView);
  }

  async create(actor: Actor, body: CreateCourseRequest): Promise<TrainingCourseView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      await this.check(org, body, null, tx);
      const course = await TrainingCourse.create({
        organizationId: org, name: body.name.trim(), trainingType: body.training_type, ...this.fields(body), active: true, createdBy: actor.auth.userId,
      }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'course-created', 'training_course', course.id, { name: course.name, training_type: course.trainingType }));
      return courseView(course);
    });
  }

  async update(actor: Actor, id: string, body: UpdateCourseRequest): Promise<TrainingCourseView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const course = await this.find(org, id, tx);
      await this.check(org, body, course.id, tx);
      await course.update({
        ...this.fields(body),
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.training_type !== undefined ? { trainingType: body.training_type } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'course-updated', 'training_course', course.id, { changed: changedFields(body) }));
      return courseView(course);
    });
  }

  /** Another organization's course is answered exactly like a missing one. */
  async find(organizationId: string, id: string, tx?: Transaction): Promise<TrainingCourse> {
    const course = await TrainingCourse.findOne({ where: { id, organizationId }, transaction: tx, lock: tx ? tx.LOCK.UPDATE : undefined });
    if (!course) throw new NotFoundError('Course not found', 'LB-TRN-002');
    return course;
  }

  private async check(organizationId: string, body: CourseFields, selfId: string | null, tx: Transaction): Promise<void> {
    const problems = new Problems();
    if (selfId && body.prerequisites?.some((p) => p.toLowerCase() === selfId)) problems.add('prerequisites', 'a course cannot be its own prerequisite');
    await checkIdsInOrg(problems, TrainingCourse, 'prerequisites', organizationId, body.prerequisites, tx);
    await checkIdsInOrg(problems, TrainingCategory, 'category_ids', organizationId, body.category_ids, tx);
    problems.throwIfAny();
  }

  private fields(body: CourseFields): Partial<TrainingCourse> {
    const out: Partial<Record<keyof TrainingCourse, unknown>> = {};
    if (body.code !== undefined) out.code = body.code;
    if (body.description !== undefined) out.description = body.description;
    if (body.duration_hours !== undefined) out.durationHours = body.duration_hours;
    if (body.credit_hours !== undefined) out.creditHours = body.credit_hours;
    if (body.prerequisites !== undefined) out.prerequisites = body.prerequisites.map((p) => p.toLowerCase());
    if (body.expiration_months !== undefined) out.expirationMonths = body.expiration_months;
    if (body.instructor !== undefined) out.instructor = body.instructor;
    if (body.max_participants !== undefined) out.maxParticipants = body.max_participants;
    if (body.materials_required !== undefined) out.materialsRequired = body.materials_required;
    if (body.category_ids !== undefined) out.categoryIds = body.category_ids.map((c) => c.toLowerCase());
    return out as Partial<TrainingCourse>;
  }
}
