import { inject, injectable } from 'inversify';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { hasPermission } from '../../../core/security/auth-context';
import { ConflictError, ForbiddenError } from '../../../core/http/errors';
import { changeEvent, changedFields, type Actor } from '../../../core/identity/api/actor';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES, type AssignmentStatus, type ShiftPosition } from '../models/assignment.model';
import { Shift } from '../models/shift.model';
import { memberKey, seatKey } from '../domain/seats';
import { refuse, RuleRefusedError } from '../domain/refusals';
import { localDate } from '../domain/zoned-time';
import type { AssignmentView, CreateAssignmentRequest, UpdateAssignmentRequest } from '../api/shift.types';
import { SchedulingContext } from './scheduling-context';
import { Members, type MemberFacts } from './members';
import { assertMemberFits, pickSeat, shiftRefusal, type Mode } from './assignment-rules';
import { EligibilityService } from './eligibility.service';
import { ShiftsService } from './shifts.service';
import { assignmentView, assignmentViews, type AssignmentRow, type ShiftRow } from './shift-views';

const ACTIVE = new Set<string>(ACTIVE_ASSIGNMENT_STATUSES);

export interface PlacementInput {
  shift: Shift;
  member: MemberFacts;
  position: ShiftPosition;
  assignedBy: string | null;
  notes?: string | null;
  isTraining?: boolean;
  trainingProgramId?: string | null;
  trainingEvaluatorId?: string | null;
  /** Assignments being given up in the same transaction (swaps), ignored by the checks. */
  exclude?: readonly string[];
}

/**
 * Puts a member on a shift, with the shift and the member already locked by the caller: every
 * member rule, then the seat. Used by manager assignment, self sign-up and swap approval alike.
 */
export async function place(tx: Transaction, input: PlacementInput, timeZone: string): Promise<Assignment> {
  await assertMemberFits(tx, input.shift, input.member, timeZone, input.exclude);
  const seat = await pickSeat(tx, input.shift, input.position, input.exclude);
  try {
    return await Assignment.create({
      organizationId: input.shift.organizationId, shiftId: input.shift.id, userId: input.member.id, position: input.position,
      assignmentStatus: 'assigned', seatKey: seat === null ? null : seatKey(input.shift.id, input.position, seat),
      memberKey: memberKey(input.shift.id, input.member.id), assignedBy: input.assignedBy, notes: input.notes ?? null,
      isTraining: input.isTraining ?? false, trainingProgramId: input.trainingProgramId ?? null, trainingEvaluatorId: input.trainingEvaluatorId ?? null,
    }, { transaction: tx });
  } catch (err) {
    // Unreachable while the shift lock is held; kept so a lost race is a 409, never a 500.
    if (err instanceof UniqueConstraintError) throw new ConflictError('That seat was just taken; reload the shift and pick another.', 'LB-SCHED-019');
    throw err;
  }
}

/** Assignments by officers, self sign-up and withdrawal, confirmation. */
@injectable()
export class AssignmentsService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(EligibilityService) private readonly eligibility: EligibilityService,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async forShift(organizationId: string, shiftId: string): Promise<AssignmentView[]> {
    await ShiftsService.find(organizationId, shiftId);
    const rows = await Assignment.findAll({ where: { shiftId, organizationId }, order: [['createdAt', 'ASC']], raw: true });
    return assignmentViews(organizationId, rows);
  }

  async mine(actor: Actor): Promise<AssignmentView[]> {
    const org = actor.auth.organizationId;
    const rows = await Assignment.findAll({ where: { organizationId: org, userId: actor.auth.userId }, raw: true });
    const shifts = await Shift.findAll({ where: { organizationId: org, id: { [Op.in]: [...new Set(rows.map((r) => r.shiftId))] } }, raw: true });
    const byId = new Map<string, ShiftRow>(shifts.map((s) => [s.id, s]));
    const views = await assignmentViews(org, rows, byId);
    return views.sort((a, b) => (a.shift?.start_time ?? '').localeCompare(b.shift?.start_time ?? ''));
  }

  /** An officer puts a member on a seat. Qualification refusals become warnings here (officers may override). */
  async assign(actor: Actor, shiftId: string, body: CreateAssignmentRequest): Promise<AssignmentView> {
    const org = actor.auth.organizationId;
    const position: ShiftPosition = body.position ?? 'firefighter';
    const tz = await this.ctx.timezone(org);
    const settings = await this.ctx.settings(org);
    const { created, member, shift } = await this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, shiftId);
      const closed = shiftRefusal(shift, new Date(), 'assign', tz);
      if (closed) refuse(closed.rule, closed.message);
      const member = await Members.lock(tx, org, body.user_id);
      if (!member) refuse('memberNotFound', 'Member not found');
      const created = await place(tx, {
        shift, member, position, assignedBy: actor.auth.userId, notes: body.notes, isTraining: body.is_training,
        trainingProgramId: body.training_program_id, trainingEvaluatorId: body.training_evaluator_id,
      }, tz);
      // The original sets the shift officer when an officer fills an officer seat of a shift without one.
      if (position === 'officer' && !shift.shiftOfficerId) await shift.update({ shiftOfficerId: member.id }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.assignment-created', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: created.id, eventData: { shift_id: shiftId, user_id: member.id, position } }));
      return { created, member, shift };
    });
    const verdict = await this.eligibility.evaluate(org, member, [position], localDate(shift.startTime, tz), settings);
    const warning = verdict.positions.get(position);
    const view = assignmentView(created.get({ plain: true }) as AssignmentRow, new Map([[member.id, member.name]]));
    return warning && warning.rule === 'notQualified' ? { ...view, evoc_warnings: [warning.message] } : view;
  }

  /** A member takes a seat themself: every assignment rule plus eligibility for the position. */
  async signUp(actor: Actor, shiftId: string, position: ShiftPosition): Promise<AssignmentView> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    const settings = await this.ctx.settings(org);
    const { created, member } = await this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, shiftId);
      const closed = shiftRefusal(shift, new Date(), 'signup' satisfies Mode, tz);
      if (closed) refuse(closed.rule, closed.message);
      if (!shift.openToAllMembers) refuse('shiftNotOpenToAll', 'This shift is not open for sign-up; an officer assigns its seats.');
      // A full shift refuses before anything else is read: under a rush for the last seat the
      // losers leave the shift's lock after two queries, so the queue behind it drains fast.
      await pickSeat(tx, shift, position);
      const member = await Members.lock(tx, org, actor.auth.userId);
      if (!member) refuse('memberNotFound', 'Member not found');
      const verdict = await this.eligibility.evaluate(org, member, [position], localDate(shift.startTime, tz), settings);
      const refused = verdict.positions.get(position);
      if (refused) throw new RuleRefusedError(refused);
      const created = await place(tx, { shift, member, position, assignedBy: actor.auth.userId }, tz);
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.signup', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: created.id, eventData: { shift_id: shiftId, position } }));
      return { created, member };
    });
    return assignmentView(created.get({ plain: true }) as AssignmentRow, new Map([[member.id, member.name]]));
  }

  /** A member leaves a shift they signed up for (before it starts). */
  async withdraw(actor: Actor, shiftId: string): Promise<void> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    await this.ctx.write(async (tx) => {
      const shift = await ShiftsService.lock(tx, org, shiftId);
      const mine = await Assignment.findOne({ where: { shiftId, userId: actor.auth.userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, transaction: tx });
      if (!mine) refuse('assignmentNotFound', 'You are not signed up for this shift.');
      const closed = shiftRefusal(shift, new Date(), 'signup', tz);
      if (closed) refuse(closed.rule, closed.message);
      await mine.update({ assignmentStatus: 'cancelled', seatKey: null, memberKey: null }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.signup-withdrawn', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: mine.id, eventData: { shift_id: shiftId } }));
    });
  }

  async update(actor: Actor, id: string, body: UpdateAssignmentRequest): Promise<AssignmentView> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    const updated = await this.ctx.write(async (tx) => {
      const found = await Assignment.findOne({ where: { id, organizationId: org }, transaction: tx });
      if (!found) refuse('assignmentNotFound', 'Assignment not found');
      // Lock order: shift first, then the assignment row and the member (as every seat change does).
      const shift = await ShiftsService.lock(tx, org, found.shiftId);
      const a = (await Assignment.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE }))!;
      const nextStatus: AssignmentStatus = body.assignment_status ?? a.assignmentStatus;
      const nextPosition: ShiftPosition = body.position ?? a.position;
      const wasActive = ACTIVE.has(a.assignmentStatus);
      const willBeActive = ACTIVE.has(nextStatus);
      let keys: { seatKey: string | null; memberKey: string | null } = { seatKey: a.seatKey, memberKey: a.memberKey };
      if (!willBeActive) keys = { seatKey: null, memberKey: null };
      else if (!wasActive || nextPosition !== a.position) {
        const closed = shiftRefusal(shift, new Date(), 'assign', tz);
        if (closed) refuse(closed.rule, closed.message);
        const member = await Members.lock(tx, org, a.userId);
        if (!member) refuse('memberNotFound', 'Member not found');
        await assertMemberFits(tx, shift, member, tz, [a.id]);
        const seat = await pickSeat(tx, shift, nextPosition, [a.id]);
        keys = { seatKey: seat === null ? null : seatKey(shift.id, nextPosition, seat), memberKey: memberKey(shift.id, a.userId) };
      }
      await a.update({
        ...keys, position: nextPosition, assignmentStatus: nextStatus,
        ...(nextStatus === 'confirmed' && !a.confirmedAt ? { confirmedAt: new Date() } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        ...(body.is_training !== undefined ? { isTraining: body.is_training } : {}),
        ...(body.training_program_id !== undefined ? { trainingProgramId: body.training_program_id } : {}),
        ...(body.training_evaluator_id !== undefined ? { trainingEvaluatorId: body.training_evaluator_id } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.assignment-updated', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: id, eventData: { changed: changedFields(body), status: nextStatus } }));
      return a;
    });
    return (await assignmentViews(org, [updated.get({ plain: true }) as AssignmentRow]))[0];
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const org = actor.auth.organizationId;
    await this.ctx.write(async (tx) => {
      const a = await Assignment.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!a) refuse('assignmentNotFound', 'Assignment not found');
      await a.destroy({ transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.assignment-deleted', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: id, severity: 'warning', eventData: { shift_id: a.shiftId, user_id: a.userId, position: a.position } }));
    });
  }

  /** The member confirms their own assignment; officers with scheduling.assign may confirm anyone's. */
  async confirm(actor: Actor, id: string): Promise<AssignmentView> {
    const org = actor.auth.organizationId;
    const updated = await this.ctx.write(async (tx) => {
      const a = await Assignment.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!a) refuse('assignmentNotFound', 'Assignment not found');
      if (a.userId !== actor.auth.userId && !hasPermission(actor.auth.permissions, 'scheduling.assign')) throw new ForbiddenError('Only the assigned member or an officer can confirm this assignment');
      if (!ACTIVE.has(a.assignmentStatus)) throw new ConflictError(`This assignment is ${a.assignmentStatus} and cannot be confirmed.`, 'LB-SCHED-025');
      await a.update({ assignmentStatus: 'confirmed', confirmedAt: a.confirmedAt ?? new Date() }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.assignment-confirmed', eventCategory: 'scheduling', resourceType: 'assignment', resourceId: id, eventData: { shift_id: a.shiftId } }));
      return a;
    });
    return (await assignmentViews(org, [updated.get({ plain: true }) as AssignmentRow]))[0];
  }
}
