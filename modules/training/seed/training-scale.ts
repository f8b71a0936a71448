import type { ScaleSeedContext } from '../../../core/seed/seed.types';
import { addDays } from '../../../core/seed/seed-dates';

export const RECORDS_PER_MEMBER = 100;
/** Members whose records are generated and inserted together (bounded memory for large N). */
const MEMBERS_PER_ROUND = 50;

interface CourseRow {
  id: string;
  name: string;
  code: string | null;
  trainingType: string;
  durationHours: number | string | null;
  expirationMonths: number | null;
}

/** `date` plus whole months, clamped to the month's end (as the records service derives expirations). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * 100 records per member over the last two years: 90 % completed, the rest scheduled ahead; every
 * course with an expiration gets its derived expiration date and, for certifications, a number.
 * The caller announces `members × RECORDS_PER_MEMBER` progress steps; this ticks them.
 */
export async function scaleRecords(ctx: ScaleSeedContext, courses: readonly CourseRow[], uuid: () => string): Promise<number> {
  const random = ctx.random('training/records');
  const now = new Date();
  let inserted = 0;
  for (let from = 0; from < ctx.members.length; from += MEMBERS_PER_ROUND) {
    const rows: Array<Record<string, unknown>> = [];
    for (const member of ctx.members.slice(from, from + MEMBERS_PER_ROUND)) {
      for (let k = 0; k < RECORDS_PER_MEMBER; k++) {
        const course = courses[(k * 7 + member.index) % courses.length];
        const completed = k % 10 !== 9;
        const date = completed ? addDays(ctx.anchor, -random.int(1, 730)) : addDays(ctx.anchor, random.int(1, 60));
        const expires = completed && course.expirationMonths ? addMonths(date, course.expirationMonths) : null;
        rows.push({
          id: uuid(), organizationId: ctx.organizationId, userId: member.id, courseId: course.id, courseName: course.name, courseCode: course.code,
          trainingType: course.trainingType, status: completed ? 'completed' : 'scheduled', scheduledDate: date, completionDate: completed ? date : null,
          expirationDate: expires, hoursCompleted: Number(course.durationHours ?? 1),
          certificationNumber: expires && course.trainingType === 'certification' ? `${course.code}-${date.slice(0, 4)}-${random.int(10000, 99999)}` : null,
          createdBy: ctx.admin.auth.userId, createdAt: now, updatedAt: now,
        });
      }
    }
    await ctx.insert('training_records', rows);
    inserted += rows.length;
    ctx.progress.tick(rows.length, 'training records');
  }
  return inserted;
}
