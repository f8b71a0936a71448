import { addMonthsClamped, daysBetween, type IsoDate } from './civil-date';
import type { CertificationState, EngineRecord, EngineRequirement } from './engine.types';

/** Records of one course are one certification: a renewal replaces the earlier record. */
export function certificationKey(record: Pick<EngineRecord, 'userId' | 'courseId' | 'courseName'>): string {
  return `${record.userId}|${record.courseId ?? record.courseName.trim().toLowerCase()}`;
}

/**
 * The member's certifications as they stand: for each course, the completed record with the
 * latest expiration date. An expired record that has since been renewed no longer counts.
 */
export function currentCertifications(records: readonly EngineRecord[], today: IsoDate, expiringSoonDays: number): CertificationState[] {
  const latest = new Map<string, EngineRecord>();
  for (const r of records) {
    if (r.status !== 'completed' || !r.expirationDate) continue;
    const key = certificationKey(r);
    const seen = latest.get(key);
    if (!seen || r.expirationDate > seen.expirationDate!) latest.set(key, r);
  }
  return [...latest.values()].map((r) => {
    const days = daysBetween(today, r.expirationDate!);
    // A certification is valid through its expiration date; it is expired from the day after.
    const status = days < 0 ? 'expired' : days <= expiringSoonDays ? 'expiring_soon' : 'current';
    return {
      recordId: r.id, userId: r.userId, courseId: r.courseId, courseName: r.courseName, certificationNumber: r.certificationNumber,
      expirationDate: r.expirationDate!, daysUntilExpiry: days, status,
    };
  });
}

/**
 * Whether a record is evidence for a certification requirement (original-backend §6): the
 * requirement's training type (when set) must match, and then one of: the record's course is in
 * the requirement's courses, the requirement's name appears in the course name, or its registry
 * code appears in the certification number (both case-insensitive).
 */
export function matchesCertification(requirement: Pick<EngineRequirement, 'name' | 'trainingType' | 'registryCode' | 'requiredCourses'>, record: EngineRecord): boolean {
  if (requirement.trainingType && record.trainingType !== requirement.trainingType) return false;
  if (record.courseId && requirement.requiredCourses.includes(record.courseId)) return true;
  const name = requirement.name.trim().toLowerCase();
  if (name && record.courseName.toLowerCase().includes(name)) return true;
  const code = requirement.registryCode?.trim().toLowerCase();
  return Boolean(code && record.certificationNumber?.toLowerCase().includes(code));
}

/** A certification record counts when it has a number and an expiration date not before `onDate`. */
export function isCurrentCertification(record: EngineRecord, onDate: IsoDate): boolean {
  return record.status === 'completed' && Boolean(record.certificationNumber) && record.expirationDate !== null && record.expirationDate >= onDate;
}

/** An expiration date the member did not give: completion + the course's expiration_months, clamped to month end. */
export function derivedExpiration(completionDate: IsoDate, expirationMonths: number): IsoDate {
  return addMonthsClamped(completionDate, expirationMonths);
}
