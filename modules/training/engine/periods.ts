import { addMonthsClamped, daysInMonth, endOfMonth, fromParts, parts, startOfMonth, type IsoDate } from './civil-date';
import type { EvaluationWindow, PeriodSpec } from './engine.types';

function clampedDate(year: number, month: number, day: number): IsoDate {
  return fromParts(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * A custom yearly period such as a fiscal year (Jul 1 - Jun 30): the occurrence that contains
 * `today`, or else the latest one that started on or before it. Feb 29 bounds clamp to Feb 28.
 */
function customPeriod(spec: PeriodSpec, today: IsoDate): EvaluationWindow {
  const sm = spec.periodStartMonth!;
  const sd = spec.periodStartDay ?? 1;
  const em = spec.periodEndMonth!;
  const ed = spec.periodEndDay ?? daysInMonth(2001, em);
  const wraps = em < sm || (em === sm && ed < sd);
  const occurrence = (year: number): EvaluationWindow => ({
    kind: 'custom',
    start: clampedDate(year, sm, sd),
    end: clampedDate(wraps ? year + 1 : year, em, ed),
  });
  const { year } = parts(today);
  for (const candidate of [occurrence(year), occurrence(year - 1)]) {
    if (candidate.start! <= today && today <= candidate.end!) return candidate;
  }
  const current = occurrence(year);
  return current.start! <= today ? current : occurrence(year - 1);
}

/**
 * The window of calendar dates in which a requirement is measured on `today` (original-backend
 * §6, "Measurement period"): calendar year, quarter or month; rolling N months; one-time (all
 * time); the certification period (no window: a current certification is what counts); a fixed
 * due date; or custom yearly bounds.
 */
export function evaluationWindow(spec: PeriodSpec, today: IsoDate): EvaluationWindow {
  if (spec.dueDateType === 'certification_period' || spec.frequency === 'biannual') return { kind: 'certification', start: null, end: null };
  if (spec.dueDateType === 'rolling' && spec.rollingPeriodMonths) {
    if (spec.includeCurrentMonth === false) {
      // Whole months only: the N months before the current one.
      const end = endOfMonth(addMonthsClamped(startOfMonth(today), -1));
      return { kind: 'rolling', start: addMonthsClamped(startOfMonth(end), -(spec.rollingPeriodMonths - 1)), end };
    }
    return { kind: 'rolling', start: addMonthsClamped(today, -spec.rollingPeriodMonths), end: today };
  }
  if (spec.dueDateType === 'fixed_date' && spec.dueDate) return { kind: 'fixed_date', start: spec.startDate, end: spec.dueDate };
  if (spec.frequency === 'one_time') return { kind: 'one_time', start: spec.startDate, end: null };
  if (spec.periodStartMonth && spec.periodEndMonth) return customPeriod(spec, today);
  const { year, month } = parts(today);
  if (spec.frequency === 'quarterly') {
    const first = Math.floor((month - 1) / 3) * 3 + 1;
    return { kind: 'quarter', start: fromParts(year, first, 1), end: endOfMonth(fromParts(year, first + 2, 1)) };
  }
  if (spec.frequency === 'monthly') return { kind: 'month', start: fromParts(year, month, 1), end: endOfMonth(today) };
  const y = spec.year ?? year;
  return { kind: 'calendar_year', start: fromParts(y, 1, 1), end: fromParts(y, 12, 31) };
}

/** Whether a date lies inside a window (both ends inclusive, null ends open). */
export function inWindow(window: EvaluationWindow, date: IsoDate | null): boolean {
  if (!date) return false;
  if (window.start && date < window.start) return false;
  if (window.end && date > window.end) return false;
  return true;
}
