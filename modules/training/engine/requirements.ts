import type { IsoDate } from './civil-date';
import type { EngineMember, EngineRecord, EngineRequirement, EngineWaiver, EvaluationContext, EvaluationWindow, OutcomeStatus, RequirementOutcome } from './engine.types';
import { evaluationWindow } from './periods';
import { adjustedTarget, waivedMonths, waiversFor } from './waivers';
import { isCurrentCertification, matchesCertification } from './certifications';

/**
 * Whether a requirement applies to a member: everyone when `applies_to_all` (or when it names
 * nobody); otherwise each list it gives must match (a position by id or slug, a membership type).
 */
export function appliesTo(requirement: EngineRequirement, member: EngineMember): boolean {
  if (requirement.appliesToAll) return true;
  const positions = requirement.requiredPositions;
  const types = requirement.requiredMembershipTypes;
  if (positions.length === 0 && types.length === 0) return true;
  if (positions.length > 0 && !positions.some((p) => member.positions.includes(p))) return false;
  if (types.length > 0 && !(member.membershipType && types.includes(member.membershipType))) return false;
  return true;
}

/** Completed records with a completion date, oldest first: what windows select from by binary search. */
export function completedByDate(records: readonly EngineRecord[]): EngineRecord[] {
  return records.filter((r) => r.status === 'completed' && r.completionDate !== null).sort((a, b) => (a.completionDate! < b.completionDate! ? -1 : a.completionDate! > b.completionDate! ? 1 : 0));
}

function firstOnOrAfter(sorted: readonly EngineRecord[], date: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].completionDate! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Completed records inside the window that pass the requirement's type, course and category filters. */
function countingRecords(requirement: EngineRequirement, sorted: readonly EngineRecord[], window: EvaluationWindow, ctx: EvaluationContext): EngineRecord[] {
  const out: EngineRecord[] = [];
  const byCourse = requirement.requirementType === 'hours' && requirement.requiredCourses.length > 0;
  for (let i = window.start ? firstOnOrAfter(sorted, window.start) : 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (window.end && r.completionDate! > window.end) break;
    if (requirement.trainingType && r.trainingType !== requirement.trainingType) continue;
    if (byCourse && !(r.courseId && requirement.requiredCourses.includes(r.courseId))) continue;
    if (requirement.categoryIds.length > 0) {
      const categories = r.courseId ? ctx.courseCategories.get(r.courseId) ?? [] : [];
      const inCategory = (r.categoryId !== null && requirement.categoryIds.includes(r.categoryId)) || categories.some((c) => requirement.categoryIds.includes(c));
      if (!inCategory) continue;
    }
    out.push(r);
  }
  return out;
}

function outcome(requirement: EngineRequirement, window: EvaluationWindow, fields: Partial<RequirementOutcome> & { status: OutcomeStatus }): RequirementOutcome {
  const met = fields.status === 'not_evaluable' ? null : fields.status === 'completed';
  const percentage = fields.required === undefined || fields.required === null || fields.progress === undefined || fields.progress === null
    ? (met === null ? null : met ? 100 : 0)
    : fields.required <= 0 ? 100 : Math.min(100, Math.round((fields.progress / fields.required) * 100));
  return {
    requirementId: requirement.id, name: requirement.name, requirementType: requirement.requirementType,
    met, progress: null, required: null, window, waivedMonths: 0, reason: null, ...fields, percentage,
  };
}

/** Progress toward a numeric target: met at or above it; a target of 0 (or less) is met at once. */
function againstTarget(requirement: EngineRequirement, window: EvaluationWindow, progress: number, target: number, waived: number): RequirementOutcome {
  const status: OutcomeStatus = progress >= target ? 'completed' : progress > 0 ? 'in_progress' : 'not_started';
  return outcome(requirement, window, { status, progress: Math.round(progress * 100) / 100, required: target, waivedMonths: waived });
}

function certificationOutcome(requirement: EngineRequirement, records: readonly EngineRecord[], window: EvaluationWindow, today: IsoDate): RequirementOutcome {
  const matching = records.filter((r) => r.status === 'completed' && r.certificationNumber && matchesCertification(requirement, r));
  if (matching.some((r) => isCurrentCertification(r, today))) return outcome(requirement, window, { status: 'completed', progress: 1, required: 1 });
  const status: OutcomeStatus = matching.some((r) => r.expirationDate !== null) ? 'expired' : 'not_started';
  return outcome(requirement, window, { status, progress: 0, required: 1 });
}

function coursesOutcome(requirement: EngineRequirement, counting: readonly EngineRecord[], window: EvaluationWindow): RequirementOutcome {
  const done = new Set(counting.map((r) => r.courseId));
  const matched = requirement.requiredCourses.filter((c) => done.has(c)).length;
  return againstTarget(requirement, window, matched, requirement.requiredCourses.length, 0);
}

function notEvaluable(requirement: EngineRequirement, window: EvaluationWindow, reason: string): RequirementOutcome {
  return outcome(requirement, window, { status: 'not_evaluable', reason });
}

/**
 * One requirement for one member. A certification period (biannual) has no window: a current
 * certification matching the requirement is what counts, and for an hours requirement an expired
 * one marks it expired whatever the hours.
 */
export function evaluateRequirement(
  requirement: EngineRequirement,
  member: EngineMember,
  records: readonly EngineRecord[],
  waivers: readonly EngineWaiver[],
  ctx: EvaluationContext,
  /** `completedByDate(records)`, when the caller evaluates many requirements over the same records. */
  sorted: readonly EngineRecord[] = completedByDate(records),
): RequirementOutcome {
  const window = ctx.windows?.get(requirement.id) ?? evaluationWindow(requirement, ctx.today);
  const waived = waivers.length === 0 ? 0 : waivedMonths(window, waiversFor(requirement.id, waivers));
  switch (requirement.requirementType) {
    case 'hours': {
      if (window.kind === 'certification') {
        const cert = certificationOutcome(requirement, records, window, ctx.today);
        if (cert.status === 'expired') return cert;
      }
      const hours = countingRecords(requirement, sorted, window, ctx).reduce((sum, r) => sum + r.hours, 0);
      return againstTarget(requirement, window, hours, adjustedTarget(requirement.requiredHours ?? 0, window, waived), waived);
    }
    case 'certification':
      return certificationOutcome(requirement, records, window, ctx.today);
    case 'courses':
      return coursesOutcome(requirement, countingRecords(requirement, sorted, window, ctx), window);
    case 'knowledge_test': {
      // A passed test: a completed record of one of the courses (or type) with passed set, or a score at the passing mark.
      const passed = countingRecords(requirement, sorted, window, ctx).filter((r) =>
        (requirement.requiredCourses.length === 0 || (r.courseId !== null && requirement.requiredCourses.includes(r.courseId)))
        && (r.passed === true || (requirement.passingScore !== null && r.score !== null && r.score >= requirement.passingScore)));
      return outcome(requirement, window, { status: passed.length > 0 ? 'completed' : 'not_started', progress: passed.length > 0 ? 1 : 0, required: 1 });
    }
    case 'skills_evaluation':
    case 'checklist':
      if (requirement.requiredCourses.length > 0) return coursesOutcome(requirement, countingRecords(requirement, sorted, window, ctx), window);
      return notEvaluable(requirement, window, 'Skills evaluations and checklists are not tracked by this server yet');
    case 'shifts':
    case 'calls': {
      const counts = ctx.activity.get(requirement.id);
      const what = requirement.requirementType;
      if (!counts) return notEvaluable(requirement, window, `No module provides ${what} counts`);
      const target = (what === 'shifts' ? requirement.requiredShifts : requirement.requiredCalls) ?? 0;
      return againstTarget(requirement, window, counts.get(member.id) ?? 0, adjustedTarget(target, window, waived), waived);
    }
  }
}
