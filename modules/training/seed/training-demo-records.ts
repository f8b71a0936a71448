import type { DemoMember } from '../../../core/seed/seed.types';
import type { SeedRandom } from '../../../core/seed/seed-random';
import { addDays, daysBetween } from '../../../core/seed/seed-dates';
import { DEMO_COURSES, DRILL_COURSES, certificationsFor } from './training-demo-catalog';

/** A record the demo plans for a member; `courseCode` is resolved to the course when created. */
export interface PlannedRecord {
  userId: string;
  courseCode: string;
  status: 'completed' | 'scheduled';
  completionDate: string | null;
  scheduledDate: string | null;
  certificationNumber: string | null;
  issuingAgency: string | null;
  instructor: string | null;
  location: string | null;
  rank: string | null;
  station: string | null;
}

const AGENCIES: Record<string, string> = {
  FF1: 'State Fire Academy', 'EMT-B': 'State EMS Office', CPR: 'American Heart Association', EVOC: 'State Fire Academy',
};
const INSTRUCTORS = ['Capt. R. Okafor', 'Lt. M. Sullivan', 'State Fire Academy staff', 'Medical Director', 'Eng. D. Kincaid'];
const LOCATIONS = ['Station 1 training ground', 'Station 2 bay', 'County Training Center', 'Classroom, Headquarters'];
const MONTH_DAYS = 30.44;

/** Members who train: not honorary, retired, prospective or dropped members. */
export function trains(m: DemoMember): boolean {
  return !['honorary', 'retired', 'prospective'].includes(m.membershipType) && !['retired', 'dropped_voluntary', 'dropped_involuntary', 'archived'].includes(m.status);
}

/**
 * About two years of a member's training, relative to the anchor date: their certifications (some
 * expired, some expiring within 90 days, most current, some with the record they renewed), a
 * drill most months, and some training scheduled in the coming weeks.
 */
export function planRecords(member: DemoMember, anchor: string, random: SeedRandom): PlannedRecord[] {
  if (!trains(member)) return [];
  const r = random.fork(member.username);
  const windowStart = daysBetween(member.hireDate, addDays(anchor, -730)) > 0 ? addDays(anchor, -730) : member.hireDate;
  const base = { userId: member.id, rank: member.rank, station: member.station, instructor: null, location: null, certificationNumber: null, issuingAgency: null };
  const out: PlannedRecord[] = [];
  const completed = (code: string, date: string, cert: boolean): PlannedRecord => ({
    ...base, courseCode: code, status: 'completed', completionDate: date, scheduledDate: date,
    certificationNumber: cert ? `${code}-${date.slice(0, 4)}-${r.int(10000, 99999)}` : null, issuingAgency: AGENCIES[code] ?? (cert ? 'Demo Fire Department' : null),
    instructor: r.pick(INSTRUCTORS), location: r.pick(LOCATIONS),
  });
  const scheduled = (code: string, date: string): PlannedRecord => ({ ...base, courseCode: code, status: 'scheduled', completionDate: null, scheduledDate: date, location: r.pick(LOCATIONS) });
  const probationary = member.membershipType === 'probationary';
  if (probationary) out.push(completed('ORIENT', addDays(member.hireDate, 2), false));

  for (const code of certificationsFor(member.positions)) {
    const course = DEMO_COURSES.find((c) => c.code === code)!;
    const certificate = course.training_type === 'certification';
    if (!course.expiration_months) {
      // Firefighter I: long held, or (probationary members) still ahead of them.
      if (probationary) out.push(scheduled(code, addDays(anchor, r.int(20, 60))));
      else out.push(completed(code, addDays(member.hireDate, r.int(90, 200)), certificate));
      continue;
    }
    const span = Math.round(course.expiration_months * MONTH_DAYS);
    const roll = r.next();
    // Days until this certification expires: a few expired, a fifth expiring within 90 days, the rest current.
    const untilExpiry = roll < 0.06 ? -r.int(5, 150) : roll < 0.26 ? r.int(5, 85) : r.int(100, Math.max(120, span - 20));
    let date = addDays(anchor, untilExpiry - span);
    if (daysBetween(member.hireDate, date) < 0) date = addDays(member.hireDate, r.int(1, 20));
    if (daysBetween(date, anchor) < 1) date = addDays(anchor, -1);
    out.push(completed(code, date, certificate));
    const previous = addDays(date, -span);
    if (r.chance(0.6) && daysBetween(member.hireDate, previous) >= 0 && daysBetween(previous, addDays(anchor, -1100)) <= 0) out.push(completed(code, previous, certificate));
    if (untilExpiry < 90 && r.chance(0.5)) out.push(scheduled(code, addDays(anchor, r.int(3, 40))));
  }

  const drillChance = member.platoon ? 0.6 : 0.35;
  for (let month = 0; month < 24; month++) {
    if (!r.chance(drillChance)) continue;
    const date = addDays(anchor, -(month * 30 + r.int(1, 29)));
    if (daysBetween(windowStart, date) < 0) continue;
    out.push(completed(r.pick(DRILL_COURSES), date, false));
  }
  if (r.chance(0.35)) out.push(scheduled(r.pick(DRILL_COURSES), addDays(anchor, r.int(2, 45))));
  return out;
}

/** The identity of a record for "does it exist yet". */
export function recordKey(userId: string, courseId: string | null, status: string, completionDate: string | null, scheduledDate: string | null): string {
  return [userId, courseId ?? '', status, completionDate ?? '', scheduledDate ?? ''].join('|');
}
