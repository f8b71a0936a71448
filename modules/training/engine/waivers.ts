import { daysInMonth, fromParts, maxDate, minDate, monthsSpanned, parts, toDayNumber, type IsoDate } from './civil-date';
import type { EngineWaiver, EvaluationWindow } from './engine.types';

/** A month counts as waived when at least this many of its days (inside the window) are covered. */
export const WAIVED_MONTH_MIN_DAYS = 15;

/** Waivers of a member that apply to a requirement: blanket ones and those naming it. */
export function waiversFor(requirementId: string, waivers: readonly EngineWaiver[]): EngineWaiver[] {
  return waivers.filter((w) => w.requirementIds === null || w.requirementIds.length === 0 || w.requirementIds.includes(requirementId));
}

/**
 * Months of a bounded window in which waivers cover 15 or more days. Covered days are the union
 * of all waivers (two overlapping waivers never count a day, or a month, twice).
 */
export function waivedMonths(window: EvaluationWindow, waivers: readonly EngineWaiver[]): number {
  if (!window.start || !window.end || waivers.length === 0) return 0;
  let waived = 0;
  let { year, month } = parts(window.start);
  const months = monthsSpanned(window.start, window.end);
  for (let i = 0; i < months; i++) {
    const monthStart = maxDate(fromParts(year, month, 1), window.start);
    const monthEnd = minDate(fromParts(year, month, daysInMonth(year, month)), window.end);
    const first = toDayNumber(monthStart);
    const covered = new Uint8Array(toDayNumber(monthEnd) - first + 1);
    for (const w of waivers) {
      const from = Math.max(first, toDayNumber(w.startDate));
      const to = Math.min(toDayNumber(monthEnd), w.endDate ? toDayNumber(w.endDate) : Number.MAX_SAFE_INTEGER);
      for (let d = from; d <= to; d++) covered[d - first] = 1;
    }
    if (covered.reduce((sum, c) => sum + c, 0) >= WAIVED_MONTH_MIN_DAYS) waived++;
    month++;
    if (month > 12) { month = 1; year++; }
  }
  return waived;
}

/** target × max(total − waived, 1) / total, rounded to cents so 36 × 7/12 is 21, not 20.999999999999996. */
export function adjustedTarget(target: number, window: EvaluationWindow, waived: number): number {
  if (!window.start || !window.end || waived === 0) return target;
  const total = monthsSpanned(window.start, window.end);
  return Math.round(((target * Math.max(total - waived, 1)) / total) * 100) / 100;
}

/** Whether a waiver covers a given date (for "is this member waived today"). */
export function covers(waiver: EngineWaiver, date: IsoDate): boolean {
  return waiver.startDate <= date && (waiver.endDate === null || date <= waiver.endDate);
}
