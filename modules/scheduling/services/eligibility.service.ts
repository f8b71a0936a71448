import { inject, injectable } from 'inversify';
import { iocContainer } from '../../../core/kernel/ioc';
import { CAPABILITIES, type PositionQualificationProvider } from '../../../core/modules/capabilities';
import type { ShiftPosition } from '../models/assignment.model';
import type { SchedulingSettings } from '../scheduling.settings';
import { positionLabel } from '../domain/seats';
import { refusal, type Refusal } from '../domain/refusals';
import type { MemberFacts } from './members';
import { SchedulingContext } from './scheduling-context';

export interface EligibilityVerdict {
  /** The member may not sign up for anything (membership type); every position carries this refusal. */
  excluded: Refusal | null;
  /** Per position: null when the member may take it by self sign-up, else why not. */
  positions: Map<ShiftPosition, Refusal | null>;
}

const MEMBERSHIP_LABELS: Record<string, string> = {
  administrative: 'Administrative', retired: 'Retired', honorary: 'Honorary', prospective: 'Prospective',
  probationary: 'Probationary', active: 'Active', life: 'Life',
};

/**
 * Which seats a member may take by self sign-up. The membership type comes first (the original
 * excludes administrative, retired, honorary and prospective members). Then, per position: when the
 * training module binds a PositionQualificationProvider, it decides the positions it knows (a
 * driver seat needing a current EVOC certification) and its refusal is passed through with its own
 * code and sentence; positions it does not know, or every position without it, are decided by the
 * module's `self_signup_positions` setting.
 */
@injectable()
export class EligibilityService {
  constructor(@inject(SchedulingContext) private readonly ctx: SchedulingContext) {}

  private provider(): PositionQualificationProvider | null {
    return iocContainer.isBound(CAPABILITIES.positionQualification)
      ? iocContainer.get<PositionQualificationProvider>(CAPABILITIES.positionQualification)
      : null;
  }

  async evaluate(organizationId: string, member: MemberFacts, positions: readonly ShiftPosition[], onDate: string, settings?: SchedulingSettings): Promise<EligibilityVerdict> {
    const s = settings ?? await this.ctx.settings(organizationId);
    const out = new Map<ShiftPosition, Refusal | null>();
    if (s.excluded_membership_types.includes(member.membershipType)) {
      const label = MEMBERSHIP_LABELS[member.membershipType] ?? member.membershipType;
      const excluded = refusal('membershipExcluded', `${label} members cannot sign themselves up for shifts; an officer can assign ${member.name} instead.`);
      for (const p of positions) out.set(p, excluded);
      return { excluded, positions: out };
    }
    const provider = this.provider();
    const known = provider ? await provider.knownPositions(organizationId, positions) : new Set<string>();
    const answers = provider && known.size > 0
      ? (await provider.check(organizationId, [member.id], [...known], onDate)).get(member.id)
      : undefined;
    const open = new Set<string>(s.self_signup_positions);
    for (const p of positions) {
      if (known.has(p)) {
        const r = answers?.get(p);
        // A known position the provider left unanswered is refused rather than waved through.
        out.set(p, r === null ? null : r
          ? refusal('notQualified', r.message, r.code)
          : refusal('notQualified', `${member.name}'s qualification for the ${positionLabel(p)} seat could not be confirmed.`));
      } else {
        out.set(p, open.has(p) ? null : refusal('positionNotOpen', `The ${positionLabel(p)} seat is not open for self sign-up in this department; an officer assigns it.`));
      }
    }
    return { excluded: null, positions: out };
  }
}
