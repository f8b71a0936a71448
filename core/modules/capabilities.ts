/**
 * Small interfaces one feature module offers another (docs/modules.md, "Modules never import each
 * other's models"). The contract lives in the core so that neither module imports the other: the
 * provider binds its implementation to the token in its ContainerModule, the consumer asks the
 * container with `container.isBound(token)` and works, degraded, when nothing is bound.
 *
 * Every method takes the organization from the caller's session, never from a request body.
 */

/** Counts of activity a member did in a window, for training requirements of type shifts/calls. */
export interface ShiftActivityProvider {
  /**
   * Shifts each member worked (assignments not cancelled, on shifts not cancelled) whose start lies
   * in [from, to). Members with none are absent from the map.
   */
  countShifts(organizationId: string, userIds: readonly string[], from: Date, to: Date): Promise<Map<string, number>>;
  /**
   * Calls each member responded to in [from, to), or `null` when the provider does not track calls
   * (then a calls requirement is "not evaluable", never a wrong zero).
   */
  countCalls(organizationId: string, userIds: readonly string[], from: Date, to: Date): Promise<Map<string, number> | null>;
}

/** Why a member may not take a seat, phrased for the member ("Alex holds no current EVOC certification, ..."). */
export interface QualificationRefusal {
  /** Stable machine code, e.g. `SCHED-QUAL-CERT-MISSING`. */
  code: string;
  message: string;
}

/** Whether members hold what a shift position (seat) requires, e.g. a current EVOC certification for `driver`. */
export interface PositionQualificationProvider {
  /**
   * The positions among `positions` this provider has a rule for. Positions it does not know are
   * left to the consumer's own rules (e.g. the scheduling settings).
   */
  knownPositions(organizationId: string, positions: readonly string[]): Promise<Set<string>>;
  /**
   * For each member and each known position: `null` when qualified on `onDate` (a YYYY-MM-DD date in
   * the organization's timezone), or the refusal. One call answers a whole calendar page, so
   * implementations must not query per member.
   */
  check(
    organizationId: string,
    userIds: readonly string[],
    positions: readonly string[],
    onDate: string,
  ): Promise<Map<string, Map<string, QualificationRefusal | null>>>;
}

/** Container tokens of the capabilities above. `Symbol.for` so that each module may import only this file. */
export const CAPABILITIES = {
  shiftActivity: Symbol.for('logbook.capability.shift-activity'),
  positionQualification: Symbol.for('logbook.capability.position-qualification'),
} as const;
