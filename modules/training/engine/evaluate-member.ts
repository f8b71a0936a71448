import { parts } from './civil-date';
import { STATUS_LABELS } from './vocabulary';
import type { ComplianceStatus, EngineMember, EngineRecord, EngineRequirement, EngineWaiver, EvaluationContext, MemberCompliance } from './engine.types';
import { appliesTo, completedByDate, evaluateRequirement } from './requirements';
import { currentCertifications } from './certifications';

/**
 * The status light (original-backend §6): red for any expired certification or fewer than half
 * the requirements met; yellow for a certification expiring soon or anything unmet; else green.
 */
export function statusLight(input: { exempt: boolean; certsExpired: number; certsExpiringSoon: number; met: number; total: number }): ComplianceStatus {
  if (input.exempt) return 'exempt';
  if (input.certsExpired > 0 || (input.total > 0 && input.met < input.total * 0.5)) return 'red';
  if (input.certsExpiringSoon > 0 || input.met < input.total) return 'yellow';
  return 'green';
}

/**
 * A member's compliance from rows already loaded: the applicable active requirements, their
 * certifications and this year's hours. Requirements that cannot be evaluated (shifts/calls with
 * no provider) are reported but left out of met/total, so they never turn a light red by themselves.
 */
export function evaluateMember(
  member: EngineMember,
  requirements: readonly EngineRequirement[],
  records: readonly EngineRecord[],
  waivers: readonly EngineWaiver[],
  ctx: EvaluationContext,
): MemberCompliance {
  const sorted = completedByDate(records);
  const outcomes = requirements.filter((r) => appliesTo(r, member)).map((r) => evaluateRequirement(r, member, records, waivers, ctx, sorted));
  const evaluable = outcomes.filter((o) => o.met !== null);
  const met = evaluable.filter((o) => o.met).length;
  const certifications = currentCertifications(records, ctx.today, ctx.expiringSoonDays);
  const certsExpired = certifications.filter((c) => c.status === 'expired').length;
  const certsExpiringSoon = certifications.filter((c) => c.status === 'expiring_soon').length;
  const yearStart = `${parts(ctx.today).year}-01-01`;
  const yearEnd = `${parts(ctx.today).year}-12-31`;
  let hoursThisYear = 0;
  for (const r of records) {
    if (r.status === 'completed' && r.completionDate !== null && r.completionDate >= yearStart && r.completionDate <= yearEnd) hoursThisYear += r.hours;
  }
  const status = statusLight({ exempt: member.exempt, certsExpired, certsExpiringSoon, met, total: evaluable.length });
  return {
    userId: member.id,
    exempt: member.exempt,
    outcomes,
    requirementsMet: met,
    requirementsTotal: evaluable.length,
    certsExpiringSoon,
    certsExpired,
    activeCertifications: certifications.filter((c) => c.status !== 'expired').length,
    certifications,
    hoursThisYear: Math.round(hoursThisYear * 100) / 100,
    status,
    label: STATUS_LABELS[status],
  };
}

/** Groups rows by member once, so evaluating N members is linear in the rows, not N × rows. */
export function groupByUser<T extends { userId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.userId);
    if (list) list.push(row);
    else out.set(row.userId, [row]);
  }
  return out;
}

export type { EngineMember, EngineRecord, EngineRequirement, EngineWaiver };
