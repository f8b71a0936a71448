import { inject, injectable } from 'inversify';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../core/http/errors';
import { hasPermission } from '../../../core/security/auth-context';
import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import { SwapRequest, type RequestStatus } from '../models/swap-request.model';
import { Shift } from '../models/shift.model';
import { Assignment, ACTIVE_ASSIGNMENT_STATUSES } from '../models/assignment.model';
import { refuse } from '../domain/refusals';
import type { CreateSwapRequest, ReviewRequest, SwapPage, SwapView } from '../api/request.types';
import { SchedulingContext } from './scheduling-context';
import { Members } from './members';
import { shiftLabel, shiftRefusal } from './assignment-rules';
import { place } from './assignments.service';
import { iso } from './shift-views';

type SwapRow = Pick<SwapRequest, 'id' | 'organizationId' | 'requestingUserId' | 'targetUserId' | 'offeringShiftId' | 'requestingShiftId' | 'status'
  | 'reason' | 'reviewedBy' | 'reviewerNotes' | 'reviewedAt' | 'createdAt' | 'updatedAt'>;

async function activeSeat(tx: Transaction | undefined, shiftId: string, userId: string): Promise<Assignment | null> {
  return Assignment.findOne({ where: { shiftId, userId, assignmentStatus: { [Op.in]: [...ACTIVE_ASSIGNMENT_STATUSES] } }, transaction: tx });
}

/**
 * Swap requests: a member offers their seat to a colleague (one-way) or trades it for the
 * colleague's seat on another shift (two-way). An officer with scheduling.manage who takes no part
 * reviews it; approval re-runs every assignment rule under the swap's, the shifts' and the members'
 * row locks and applies both moves in one transaction, or nothing.
 */
@injectable()
export class SwapsService {
  constructor(
    @inject(SchedulingContext) private readonly ctx: SchedulingContext,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(actor: Actor, q: { status?: RequestStatus; skip: number; limit: number }): Promise<SwapPage> {
    const org = actor.auth.organizationId;
    const me = actor.auth.userId;
    const where: WhereOptions = {
      organizationId: org, ...(q.status ? { status: q.status } : {}),
      // Members see the requests they take part in; officers who review see all.
      ...(hasPermission(actor.auth.permissions, 'scheduling.manage') ? {} : { [Op.or]: [{ requestingUserId: me }, { targetUserId: me }] }),
    };
    const [total, rows] = await Promise.all([
      SwapRequest.count({ where }),
      SwapRequest.findAll({ where, order: [['createdAt', 'DESC'], ['id', 'ASC']], offset: q.skip, limit: q.limit, raw: true }),
    ]);
    return { items: await this.views(org, rows), total, skip: q.skip, limit: q.limit };
  }

  async create(actor: Actor, body: CreateSwapRequest): Promise<SwapView> {
    const org = actor.auth.organizationId;
    const me = actor.auth.userId;
    if (!body.target_user_id) throw new ValidationError([{ field: 'target_user_id', message: 'name the member who takes your seat' }]);
    if (body.target_user_id === me) throw new ValidationError([{ field: 'target_user_id', message: 'must be someone else' }]);
    if (!await Members.find(org, body.target_user_id)) throw new ValidationError([{ field: 'target_user_id', message: 'no such member' }]);
    const offering = await Shift.findOne({ where: { id: body.offering_shift_id, organizationId: org }, raw: true });
    if (!offering) throw new ValidationError([{ field: 'offering_shift_id', message: 'no such shift' }]);
    if (!await activeSeat(undefined, offering.id, me)) throw new ConflictError('You hold no seat on that shift, so there is nothing to swap.', 'LB-SCHED-030');
    if (body.requesting_shift_id) {
      const wanted = await Shift.findOne({ where: { id: body.requesting_shift_id, organizationId: org }, raw: true });
      if (!wanted) throw new ValidationError([{ field: 'requesting_shift_id', message: 'no such shift' }]);
      if (!await activeSeat(undefined, wanted.id, body.target_user_id)) throw new ConflictError('That member holds no seat on the shift you ask for.', 'LB-SCHED-031');
    }
    return this.ctx.db.transaction(async (tx) => {
      const swap = await SwapRequest.create({
        organizationId: org, requestingUserId: me, targetUserId: body.target_user_id, offeringShiftId: body.offering_shift_id,
        requestingShiftId: body.requesting_shift_id ?? null, status: 'pending', reason: body.reason ?? null,
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.swap-requested', eventCategory: 'scheduling', resourceType: 'swap_request', resourceId: swap.id, eventData: { offering_shift_id: swap.offeringShiftId, two_way: Boolean(swap.requestingShiftId) } }));
      return (await this.views(org, [swap.get({ plain: true }) as SwapRow], tx))[0];
    });
  }

  async review(actor: Actor, id: string, body: ReviewRequest): Promise<SwapView> {
    const org = actor.auth.organizationId;
    const tz = await this.ctx.timezone(org);
    return this.ctx.write(async (tx) => {
      const swap = await this.lock(tx, org, id);
      if (swap.requestingUserId === actor.auth.userId || swap.targetUserId === actor.auth.userId) {
        throw new ForbiddenError('You cannot review a swap you take part in', 'LB-SCHED-032');
      }
      if (swap.status !== 'pending') throw new ConflictError(`This swap request was already ${swap.status}.`, 'LB-SCHED-033');
      if (body.status === 'approved') await this.apply(tx, swap, actor, tz);
      await swap.update({ status: body.status, reviewedBy: actor.auth.userId, reviewerNotes: body.reviewer_notes ?? null, reviewedAt: new Date() }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: `scheduling.swap-${body.status}`, eventCategory: 'scheduling', resourceType: 'swap_request', resourceId: id, severity: body.status === 'approved' ? 'warning' : 'info', eventData: { offering_shift_id: swap.offeringShiftId, requesting_shift_id: swap.requestingShiftId } }));
      return (await this.views(org, [swap.get({ plain: true }) as SwapRow], tx))[0];
    });
  }

  async cancel(actor: Actor, id: string): Promise<SwapView> {
    const org = actor.auth.organizationId;
    return this.ctx.db.transaction(async (tx) => {
      const swap = await this.lock(tx, org, id);
      if (swap.requestingUserId !== actor.auth.userId) throw new ForbiddenError('Only the member who asked can cancel this swap request', 'LB-SCHED-035');
      if (swap.status !== 'pending') throw new ConflictError(`This swap request was already ${swap.status}.`, 'LB-SCHED-033');
      await swap.update({ status: 'cancelled' }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'scheduling.swap-cancelled', eventCategory: 'scheduling', resourceType: 'swap_request', resourceId: id }));
      return (await this.views(org, [swap.get({ plain: true }) as SwapRow], tx))[0];
    });
  }

  /**
   * Applies an approved swap. Locks: the shifts in id order, then the members in id order (the
   * order every seat change uses), then re-checks that each side still holds the seat it offers
   * (a conflicting swap approved a moment earlier may have moved it) and runs every rule again.
   */
  private async apply(tx: Transaction, swap: SwapRequest, actor: Actor, tz: string): Promise<void> {
    const org = swap.organizationId;
    const shiftIds = [swap.offeringShiftId, swap.requestingShiftId].filter((x): x is string => Boolean(x)).sort();
    const shifts = new Map<string, Shift>();
    for (const sid of shiftIds) {
      const s = await Shift.findOne({ where: { id: sid, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!s) refuse('shiftNotFound', 'A shift of this swap no longer exists.');
      const closed = shiftRefusal(s, new Date(), 'assign', tz);
      if (closed) refuse(closed.rule, closed.message);
      shifts.set(sid, s);
    }
    const members = await Members.lockMany(tx, org, [swap.requestingUserId, swap.targetUserId!]);
    const requester = members.get(swap.requestingUserId);
    const target = members.get(swap.targetUserId!);
    if (!requester || !target) refuse('memberNotFound', 'A member of this swap is no longer in the organization.');
    const offering = shifts.get(swap.offeringShiftId)!;
    const given = await activeSeat(tx, offering.id, requester.id);
    if (!given) throw new ConflictError(`${requester.name} no longer holds a seat on ${shiftLabel(offering, tz)}; the swap cannot be applied.`, 'LB-SCHED-034');
    const requested = swap.requestingShiftId ? shifts.get(swap.requestingShiftId)! : null;
    const taken = requested ? await activeSeat(tx, requested.id, target.id) : null;
    if (requested && !taken) throw new ConflictError(`${target.name} no longer holds a seat on ${shiftLabel(requested, tz)}; the swap cannot be applied.`, 'LB-SCHED-034');
    // Free both seats first, then seat each member where the other was, under every rule.
    for (const a of [given, taken]) if (a) await a.update({ assignmentStatus: 'cancelled', seatKey: null, memberKey: null }, { transaction: tx });
    await place(tx, { shift: offering, member: target, position: given.position, assignedBy: actor.auth.userId, notes: given.notes }, tz);
    if (requested && taken) await place(tx, { shift: requested, member: requester, position: taken.position, assignedBy: actor.auth.userId, notes: taken.notes }, tz);
  }

  private async lock(tx: Transaction, organizationId: string, id: string): Promise<SwapRequest> {
    const swap = await SwapRequest.findOne({ where: { id, organizationId }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!swap) throw new NotFoundError('Swap request not found', 'LB-SCHED-006');
    return swap;
  }

  private async views(organizationId: string, rows: readonly SwapRow[], tx?: Transaction): Promise<SwapView[]> {
    const shiftIds = [...new Set(rows.flatMap((r) => [r.offeringShiftId, r.requestingShiftId]).filter((x): x is string => Boolean(x)))];
    const [shifts, members] = await Promise.all([
      shiftIds.length ? Shift.findAll({ where: { organizationId, id: { [Op.in]: shiftIds } }, attributes: ['id', 'shiftDate', 'startTime'], raw: true, transaction: tx }) : Promise.resolve([]),
      Members.many(organizationId, rows.flatMap((r) => [r.requestingUserId, r.targetUserId]).filter((x): x is string => Boolean(x))),
    ]);
    const byId = new Map(shifts.map((s) => [s.id, s]));
    return rows.map((r) => {
      const off = byId.get(r.offeringShiftId);
      const req = r.requestingShiftId ? byId.get(r.requestingShiftId) : undefined;
      return {
        id: r.id, organization_id: r.organizationId, requesting_user_id: r.requestingUserId, requesting_user_name: members.get(r.requestingUserId)?.name ?? null,
        target_user_id: r.targetUserId, target_user_name: r.targetUserId ? members.get(r.targetUserId)?.name ?? null : null,
        offering_shift_id: r.offeringShiftId, offering_shift_date: off ? String(off.shiftDate) : null, offering_shift_start_time: iso(off?.startTime),
        requesting_shift_id: r.requestingShiftId, requesting_shift_date: req ? String(req.shiftDate) : null, requesting_shift_start_time: iso(req?.startTime),
        status: r.status, reason: r.reason, reviewed_by: r.reviewedBy, reviewer_notes: r.reviewerNotes, reviewed_at: iso(r.reviewedAt),
        created_at: iso(r.createdAt)!, updated_at: iso(r.updatedAt)!,
      };
    });
  }
}
