import type { DemoMember } from '../../../core/seed/seed.types';
import { addDays, daysBetween, weekday } from '../../../core/seed/seed-dates';
import type { CreateTemplateRequest } from '../api/template.types';
import type { ShiftPosition } from '../models/assignment.model';

/** Days of shifts the demo generates and staffs, from the anchor date on. */
export const DEMO_DAYS = 90;
export const PLATOONS = ['A', 'B', 'C'] as const;

export const PLATOON_TEMPLATE: CreateTemplateRequest = {
  name: '24-Hour Platoon Shift', description: 'Engine 1: officer, driver/operator, two firefighters and a medic.',
  start_time_of_day: '07:00', end_time_of_day: '07:00', color: '#c62828',
  positions: ['officer', 'driver', 'firefighter', 'firefighter', 'ems'], min_staffing: 4, category: 'standard', apparatus_type: 'engine', is_default: true,
};

export const DAY_CAR_TEMPLATE: CreateTemplateRequest = {
  name: 'EMS Day Car', description: 'Weekday ambulance staffed from off-duty members; the second seat is open for sign-up.',
  start_time_of_day: '08:00', end_time_of_day: '18:00', color: '#1565c0',
  positions: ['ems', 'ems'], min_staffing: 1, category: 'standard', apparatus_type: 'ambulance', open_to_all_members: true,
};

export const DAY_CAR_PATTERN = 'EMS Day Car (weekdays)';
export const platoonPattern = (p: string): string => `${p} Platoon (24/48)`;

/** A time-off request the demo makes, and how the administrator answers it. */
export interface PlannedTimeOff {
  userId: string;
  start: string;
  end: string;
  reason: string;
  decision: 'approved' | 'denied' | null;
}

export interface PlannedSeat {
  position: ShiftPosition;
  userId: string;
  /** A member signing up themself (open shifts) rather than an officer assigning them. */
  signUp: boolean;
}

const schedulable = (m: DemoMember) => m.status === 'active' || m.status === 'probationary';
const holds = (m: DemoMember, ...slugs: string[]) => slugs.some((s) => m.positions.includes(s));

export function crew(members: readonly DemoMember[], platoon: string): DemoMember[] {
  return members.filter((m) => m.platoon === platoon && schedulable(m));
}

export function plannedTimeOff(members: readonly DemoMember[], anchor: string): PlannedTimeOff[] {
  const out: PlannedTimeOff[] = [];
  const first = (platoon: string, ...slugs: string[]) => crew(members, platoon).find((m) => holds(m, ...slugs));
  const add = (m: DemoMember | undefined, from: number, to: number, reason: string, decision: PlannedTimeOff['decision']) => {
    if (m) out.push({ userId: m.id, start: addDays(anchor, from), end: addDays(anchor, to), reason, decision });
  };
  add(crew(members, 'A').find((m) => m.positions.length === 1 && m.positions[0] === 'firefighter'), 12, 16, 'Family vacation', 'approved');
  add(first('C', 'captain'), 40, 42, 'Fire officer conference', 'approved');
  add(first('B', 'engineer'), 30, 33, 'Wedding', null);
  add(first('C', 'emt'), 20, 21, 'Fishing trip', 'denied');
  return out;
}

/** Whether approved time off covers any of `dates`. */
function away(timeOff: readonly PlannedTimeOff[], userId: string, dates: readonly string[]): boolean {
  return timeOff.some((t) => t.userId === userId && t.decision === 'approved' && dates.some((d) => d >= t.start && d <= t.end));
}

/** The platoon on duty on `date`: A on the anchor day, then B, then C. */
export function platoonOn(anchor: string, date: string): string {
  return PLATOONS[((daysBetween(anchor, date) % 3) + 3) % 3];
}

/**
 * The crew of a platoon shift: the captain (the lieutenant when the captain is away) as officer,
 * the engineers alternating as driver, paramedic and EMT alternating on the medic seat, and two
 * firefighters from the rest, rotating shift by shift.
 */
export function platoonSeats(members: readonly DemoMember[], platoon: string, date: string, index: number, timeOff: readonly PlannedTimeOff[]): PlannedSeat[] {
  const dates = [date, addDays(date, 1)];
  const available = crew(members, platoon).filter((m) => !away(timeOff, m.id, dates));
  const taken = new Set<string>();
  const take = (position: ShiftPosition, candidates: DemoMember[]): PlannedSeat | null => {
    const m = candidates.find((c) => !taken.has(c.id));
    if (!m) return null;
    taken.add(m.id);
    return { position, userId: m.id, signUp: false };
  };
  const rotate = <T>(list: T[]): T[] => (list.length ? [...list.slice(index % list.length), ...list.slice(0, index % list.length)] : list);
  const seats = [
    take('officer', [...available.filter((m) => holds(m, 'captain')), ...available.filter((m) => holds(m, 'lieutenant'))]),
    take('driver', rotate(available.filter((m) => holds(m, 'engineer')))),
    take('ems', rotate(available.filter((m) => holds(m, 'paramedic', 'emt')))),
  ];
  const rest = rotate(available.filter((m) => holds(m, 'firefighter', 'probationary_firefighter')));
  seats.push(take('firefighter', rest), take('firefighter', rest));
  return seats.filter((s): s is PlannedSeat => s !== null);
}

/** The day car: one medic from a platoon off duty that day; every third weekday in the first month, a second who signed up. */
export function dayCarSeats(members: readonly DemoMember[], anchor: string, date: string, timeOff: readonly PlannedTimeOff[]): PlannedSeat[] {
  const onDuty = platoonOn(anchor, date);
  const medics = members.filter((m) => m.platoon && m.platoon !== onDuty && schedulable(m) && holds(m, 'paramedic', 'emt') && !away(timeOff, m.id, [date]));
  if (medics.length === 0) return [];
  const n = daysBetween(anchor, date);
  const first = medics[n % medics.length];
  const seats: PlannedSeat[] = [{ position: 'ems', userId: first.id, signUp: false }];
  const weekdayIndex = Math.floor(n / 7) * 5 + weekday(date);
  if (n < 30 && weekdayIndex % 3 === 0 && medics.length > 1) seats.push({ position: 'ems', userId: medics[(n + 1) % medics.length].id, signUp: true });
  return seats;
}
