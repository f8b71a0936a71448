import { daysBetween, weekday } from './zoned-time';

/** The rule of a rotation pattern, as stored. */
export interface Rotation {
  patternType: 'daily' | 'weekly' | 'platoon' | 'custom';
  startDate: string;
  endDate: string | null;
  weekdays: number[];
  daysOn: number | null;
  daysOff: number | null;
  /** Custom cycles: one entry per day, true = on duty (a Kelly schedule is e.g. on,off,on,off,on,off,off,off,off). */
  cycle: boolean[];
}

/**
 * Whether the pattern puts a shift on `date`. Platoon and custom cycles count days from the
 * pattern's start date, so a 24/48 rotation (1 on, 2 off) keeps its rhythm across month ends and
 * DST changes: it counts calendar days, never hours.
 */
export function isOnDuty(rotation: Rotation, date: string): boolean {
  const n = daysBetween(rotation.startDate, date);
  if (n < 0) return false;
  if (rotation.endDate && date > rotation.endDate) return false;
  switch (rotation.patternType) {
    case 'daily':
      return true;
    case 'weekly':
      return rotation.weekdays.includes(weekday(date));
    case 'platoon': {
      const on = rotation.daysOn ?? 1;
      const period = on + (rotation.daysOff ?? 2);
      return n % period < on;
    }
    case 'custom':
      return rotation.cycle.length > 0 && rotation.cycle[n % rotation.cycle.length] === true;
  }
}

/** Problems with a rotation's parameters, by field (empty when it is usable). */
export function rotationProblems(r: Rotation): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (r.patternType === 'weekly' && (r.weekdays.length === 0 || r.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6))) {
    out.push({ field: 'weekdays', message: 'list weekdays 0 (Sunday) to 6 (Saturday)' });
  }
  if (r.patternType === 'platoon' && (!r.daysOn || r.daysOn < 1 || r.daysOff === null || r.daysOff < 0)) {
    out.push({ field: 'days_on', message: 'a platoon rotation needs days_on (at least 1) and days_off' });
  }
  if (r.patternType === 'custom' && (r.cycle.length === 0 || !r.cycle.includes(true))) {
    out.push({ field: 'cycle', message: 'a custom cycle needs at least one on-duty day' });
  }
  if (r.endDate && r.endDate < r.startDate) out.push({ field: 'end_date', message: 'must not be before start_date' });
  return out;
}
