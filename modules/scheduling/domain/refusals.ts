import { AppError } from '../../../core/http/errors';

/**
 * Every rule that can refuse an assignment, sign-up, swap or eligibility, with its stable code and
 * HTTP status. The sentence is built where the facts are known and is meant for the member
 * ("Alex is already on the shift of 2026-12-01 07:00-19:00, which overlaps this one").
 */
export const RULES = {
  shiftNotFound: { code: 'LB-SCHED-001', status: 404 },
  memberNotFound: { code: 'LB-SCHED-002', status: 404 },
  assignmentNotFound: { code: 'LB-SCHED-003', status: 404 },
  shiftCancelled: { code: 'LB-SCHED-010', status: 409 },
  shiftFinalized: { code: 'LB-SCHED-011', status: 409 },
  shiftInPast: { code: 'LB-SCHED-012', status: 409 },
  memberInactive: { code: 'LB-SCHED-013', status: 409 },
  memberOnLeave: { code: 'LB-SCHED-014', status: 409 },
  alreadyOnShift: { code: 'LB-SCHED-015', status: 409 },
  overlap: { code: 'LB-SCHED-016', status: 409 },
  onTimeOff: { code: 'LB-SCHED-017', status: 409 },
  noSuchSeat: { code: 'LB-SCHED-018', status: 409 },
  seatTaken: { code: 'LB-SCHED-019', status: 409 },
  positionNotOpen: { code: 'LB-SCHED-020', status: 403 },
  membershipExcluded: { code: 'LB-SCHED-021', status: 403 },
  shiftNotOpenToAll: { code: 'LB-SCHED-022', status: 403 },
  /** The qualification provider refused; its own code and sentence are passed through. */
  notQualified: { code: 'LB-SCHED-023', status: 403 },
} as const;

export type RuleName = keyof typeof RULES;

/** A rule's refusal: what eligibility answers list, and what a refused write answers with. */
export interface Refusal {
  rule: RuleName;
  code: string;
  message: string;
}

export function refusal(rule: RuleName, message: string, code: string = RULES[rule].code): Refusal {
  return { rule, code, message };
}

/** A refused write: `{detail: <sentence>, code}` with the rule's status. */
export class RuleRefusedError extends AppError {
  constructor(readonly refusal: Refusal) {
    super(RULES[refusal.rule].status, refusal.code, refusal.message);
  }
}

export function refuse(rule: RuleName, message: string, code?: string): never {
  throw new RuleRefusedError(refusal(rule, message, code));
}
