import { expect } from 'chai';
import { actorFor, department, quickMembers, shiftRow, HOUR, type Department } from './support';
import { auditEntries, signedIn, UNKNOWN_ID } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { startTestSmtp } from '../../support/smtp';
import { Mailer } from '../../../core/mail/mailer';
import { type AppError } from '../../../core/http/errors';
import { Assignment } from '../../../modules/scheduling/models/assignment.model';
import { TimeOff } from '../../../modules/scheduling/models/time-off.model';
import { SwapsService } from '../../../modules/scheduling/services/swaps.service';
import { AssignmentsService } from '../../../modules/scheduling/services/assignments.service';
import { SwapRequest } from '../../../modules/scheduling/models/swap-request.model';

async function seat(d: Department, shiftId: string, userId: string, position = 'firefighter'): Promise<string> {
  const res = await d.officer.post(`/scheduling/shifts/${shiftId}/assignments`, { user_id: userId, position });
  if (res.status !== 201) throw new Error(`seat: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function activeOn(shiftId: string): Promise<string[]> {
  const rows = await Assignment.findAll({ where: { shiftId, assignmentStatus: ['assigned', 'confirmed', 'pending'] }, raw: true });
  return rows.map((r) => r.userId).sort();
}

describe('scheduling: swap requests and time off (HTTP + service races)', function () {
  this.timeout(60_000);
  let d: Department;
  let other: Department;

  before(async () => {
    d = await department('Swap Harbor Fire');
    other = await department('Other County EMS');
  });

  describe('swaps', () => {
    it('when a one-way swap is approved, then the target holds the requester\'s seat; audited', async () => {
      const a = await signedIn(['member'], { org: d.org });
      const b = await signedIn(['member'], { org: d.org });
      const shift = await shiftRow(d.org, { inHours: 40 });
      await seat(d, shift.id, a.user.id, 'driver');
      const created = await a.post('/scheduling/swap-requests', { offering_shift_id: shift.id, target_user_id: b.user.id, reason: 'Family event' });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({ status: 'pending', requesting_user_id: a.user.id, target_user_id: b.user.id, offering_shift_id: shift.id, requesting_shift_id: null });
      expect(created.body.offering_shift_start_time).to.equal(shift.startTime.toISOString());
      const mine = await b.get('/scheduling/swap-requests');
      expect(mine.body.items.map((s: { id: string }) => s.id)).to.include(created.body.id);
      expect((await d.member.get('/scheduling/swap-requests')).body.items, 'a bystander sees none').to.deep.equal([]);
      const own = await a.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'approved' });
      expect(own.status, 'a member lacks scheduling.manage').to.equal(403);
      const res = await d.officer.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'approved', reviewer_notes: 'ok' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({ status: 'approved', reviewed_by: d.officer.user.id, reviewer_notes: 'ok' });
      expect(await activeOn(shift.id)).to.deep.equal([b.user.id]);
      const moved = await Assignment.findOne({ where: { shiftId: shift.id, userId: b.user.id } });
      expect(moved!.position).to.equal('driver');
      expect((await d.officer.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'denied' })).body.code).to.equal('LB-SCHED-033');
      expect(await auditEntries(d.org.id, 'scheduling.swap-approved')).to.have.length(1);
    });

    it('when a two-way swap is approved, then the members exchange seats; the reviewer may not be a participant', async () => {
      const a = await signedIn(['member'], { org: d.org });
      const officerB = await signedIn(['scheduling_officer'], { org: d.org });
      const s1 = await shiftRow(d.org, { inHours: 300 });
      const s2 = await shiftRow(d.org, { inHours: 330 });
      await seat(d, s1.id, a.user.id, 'firefighter');
      await seat(d, s2.id, officerB.user.id, 'officer');
      const created = await a.post('/scheduling/swap-requests', { offering_shift_id: s1.id, requesting_shift_id: s2.id, target_user_id: officerB.user.id });
      expect(created.status).to.equal(201);
      const self = await officerB.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'approved' });
      expect(self.status).to.equal(403);
      expect(self.body.code).to.equal('LB-SCHED-032');
      expect((await d.officer.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'approved' })).status).to.equal(200);
      expect(await activeOn(s1.id)).to.deep.equal([officerB.user.id]);
      expect(await activeOn(s2.id)).to.deep.equal([a.user.id]);
      expect((await Assignment.findOne({ where: { shiftId: s2.id, userId: a.user.id } }))!.position).to.equal('officer');
    });

    it('when approving would double-book the target, then 409 with the rule, and nothing moves', async () => {
      const a = await signedIn(['member'], { org: d.org });
      const [b] = await quickMembers(d.org, 1);
      const shift = await shiftRow(d.org, { inHours: 500 });
      const clash = await shiftRow(d.org, { inHours: 502 });
      await seat(d, shift.id, a.user.id);
      await seat(d, clash.id, b.id);
      const created = await a.post('/scheduling/swap-requests', { offering_shift_id: shift.id, target_user_id: b.id });
      const res = await d.officer.post(`/scheduling/swap-requests/${created.body.id}/review`, { status: 'approved' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('LB-SCHED-016');
      expect(await activeOn(shift.id)).to.deep.equal([a.user.id]);
      expect((await SwapRequest.findByPk(created.body.id))!.status).to.equal('pending');
    });

    it('when the request is malformed or names what the caller does not hold, then 422 / 409; others\' ids are 404', async () => {
      const shift = await shiftRow(d.org, { inHours: 600 });
      expect((await d.member.post('/scheduling/swap-requests', { offering_shift_id: shift.id })).status).to.equal(422);
      expect((await d.member.post('/scheduling/swap-requests', { offering_shift_id: shift.id, target_user_id: other.member.user.id })).status).to.equal(422);
      expect((await d.member.post('/scheduling/swap-requests', { offering_shift_id: shift.id, target_user_id: d.officer.user.id })).body.code).to.equal('LB-SCHED-030');
      expect((await d.officer.post(`/scheduling/swap-requests/${UNKNOWN_ID}/review`, { status: 'denied' })).status).to.equal(404);
      expect((await d.officer.post(`/scheduling/swap-requests/${UNKNOWN_ID}/review`, { status: 'maybe' })).status).to.equal(422);
    });

    it('when the requester cancels a pending swap, then it is cancelled; someone else cannot', async () => {
      const a = await signedIn(['member'], { org: d.org });
      const shift = await shiftRow(d.org, { inHours: 700 });
      await seat(d, shift.id, a.user.id);
      const created = await a.post('/scheduling/swap-requests', { offering_shift_id: shift.id, target_user_id: d.member.user.id });
      expect((await d.member.post(`/scheduling/swap-requests/${created.body.id}/cancel`)).status).to.equal(403);
      const res = await a.post(`/scheduling/swap-requests/${created.body.id}/cancel`);
      expect(res.body.status).to.equal('cancelled');
      expect((await other.officer.post(`/scheduling/swap-requests/${created.body.id}/cancel`)).status).to.equal(404);
    });

    it('when two conflicting swaps of one seat are approved at once, 100 times over, then exactly one wins and the other is refused LB-SCHED-034', async () => {
      const kernel = await getTestKernel();
      const swaps = kernel.container.get(SwapsService);
      const assignments = kernel.container.get(AssignmentsService);
      const [a, b, c] = await quickMembers(d.org, 3);
      const officer = actorFor(d.officer.user, ['scheduling.manage', 'scheduling.assign', 'scheduling.view']);
      for (let i = 0; i < 100; i++) {
        const shift = await shiftRow(d.org, { start: new Date(Date.UTC(2035, 0, 1) + i * 13 * HOUR), seats: ['firefighter'] });
        await assignments.assign(officer, shift.id, { user_id: a.id });
        const one = await swaps.create(actorFor(a, ['scheduling.swap']), { offering_shift_id: shift.id, target_user_id: b.id });
        const two = await swaps.create(actorFor(a, ['scheduling.swap']), { offering_shift_id: shift.id, target_user_id: c.id });
        const results = await Promise.allSettled([one, two].map((s) => swaps.review(officer, s.id, { status: 'approved' })));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won, `round ${i}`).to.have.length(1);
        expect(lost.map((r) => (r.reason as AppError).code), `round ${i}`).to.deep.equal(['LB-SCHED-034']);
        const holders = await activeOn(shift.id);
        expect(holders, `round ${i}`).to.have.length(1);
        expect([b.id, c.id], `round ${i}`).to.include(holders[0]);
      }
    });
  });

  describe('time off', () => {
    it('when a member asks for time off with the end before the start, then 422 on end_date', async () => {
      const res = await d.member.post('/scheduling/time-off', { start_date: '2031-05-10', end_date: '2031-05-01' });
      expect(res.status).to.equal(422);
      expect(res.body.detail).to.deep.equal([{ field: 'end_date', message: 'must not be before start_date' }]);
      expect((await d.member.post('/scheduling/time-off', { start_date: '2031-02-30', end_date: '2031-03-01' })).status).to.equal(422);
    });

    it('when time off is approved, then the member\'s conflicting assignments are cancelled, audited, and the member is emailed', async () => {
      const smtp = await startTestSmtp();
      const mailer = (await getTestKernel()).container.get(Mailer);
      mailer.configure(smtp.config);
      try {
        const m = await signedIn(['member'], { org: d.org });
        const inside = await shiftRow(d.org, { start: new Date('2031-11-03T13:00:00Z') });
        const night = await shiftRow(d.org, { start: new Date('2031-11-02T01:00:00Z') });
        const outside = await shiftRow(d.org, { start: new Date('2031-11-06T13:00:00Z') });
        await seat(d, inside.id, m.user.id);
        await seat(d, night.id, m.user.id);
        await seat(d, outside.id, m.user.id);
        const created = await m.post('/scheduling/time-off', { start_date: '2031-11-02', end_date: '2031-11-04', reason: 'Surgery' });
        expect(created.status).to.equal(201);
        expect(created.body).to.include({ status: 'pending', start_date: '2031-11-02', end_date: '2031-11-04', reason: 'Surgery' });
        const stored = await TimeOff.findOne({ where: { id: created.body.id }, raw: true });
        expect(stored!.reason, 'the reason is encrypted at rest').to.match(/^\$gcm2\$/);
        expect((await m.post(`/scheduling/time-off/${created.body.id}/review`, { status: 'approved' })).status, 'members cannot review').to.equal(403);
        const res = await d.officer.post(`/scheduling/time-off/${created.body.id}/review`, { status: 'approved' });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body).to.include({ status: 'approved', approved_by: d.officer.user.id, cancelled_assignments: 2 });
        expect(await activeOn(inside.id)).to.deep.equal([]);
        expect(await activeOn(night.id), 'the night shift starting the evening before runs into the period').to.deep.equal([]);
        expect(await activeOn(outside.id)).to.deep.equal([m.user.id]);
        const cancelled = (await auditEntries(d.org.id, 'scheduling.assignment-cancelled')).filter((e) => (e.eventData as { user_id?: string }).user_id === m.user.id);
        expect(cancelled).to.have.length(2);
        const mail = await smtp.waitFor(m.email);
        expect(mail.raw).to.contain('2031-11-02 to 2031-11-04');
        const signup = await m.post(`/scheduling/shifts/${inside.id}/signup`, {});
        expect(signup.body.code, 'sign-up for the period is refused from now on').to.equal('LB-SCHED-017');
        const list = await d.officer.get(`/scheduling/time-off?user_id=${m.user.id}`);
        expect(list.body.items[0]).to.include({ id: created.body.id, reason: 'Surgery', user_name: 'Pat Rivera' });
      } finally {
        mailer.configure({ ...smtp.config, host: null });
        await smtp.stop();
      }
    });

    it('when a member lists time off, then only their own requests come back; managers see all and filter by member', async () => {
      const m = await signedIn(['member'], { org: d.org });
      await m.post('/scheduling/time-off', { start_date: '2032-01-01', end_date: '2032-01-02' });
      const own = await m.get('/scheduling/time-off?user_id=' + d.officer.user.id);
      expect(own.body.items.every((t: { user_id: string }) => t.user_id === m.user.id)).to.equal(true);
      expect(own.body.total).to.equal(1);
      const all = await d.officer.get('/scheduling/time-off?status=pending');
      expect(all.body.items.length).to.be.at.least(1);
      expect((await other.officer.get('/scheduling/time-off')).body.items.every((t: { organization_id: string }) => t.organization_id === other.org.id)).to.equal(true);
    });

    it('when an officer reviews their own request, or it was already reviewed, then 403 / 409; cancelling is for the requester', async () => {
      const mine = await d.officer.post('/scheduling/time-off', { start_date: '2032-02-01', end_date: '2032-02-01' });
      expect((await d.officer.post(`/scheduling/time-off/${mine.body.id}/review`, { status: 'approved' })).body.code).to.equal('LB-SCHED-032');
      const theirs = await d.member.post('/scheduling/time-off', { start_date: '2032-02-03', end_date: '2032-02-03' });
      expect((await d.officer.post(`/scheduling/time-off/${theirs.body.id}/review`, { status: 'denied' })).body.status).to.equal('denied');
      expect((await d.officer.post(`/scheduling/time-off/${theirs.body.id}/review`, { status: 'approved' })).body.code).to.equal('LB-SCHED-033');
      expect((await d.officer.post(`/scheduling/time-off/${mine.body.id}/cancel`)).body.status).to.equal('cancelled');
      expect((await d.member.post(`/scheduling/time-off/${mine.body.id}/cancel`)).status).to.equal(403);
      expect((await other.officer.post(`/scheduling/time-off/${theirs.body.id}/review`, { status: 'approved' })).status).to.equal(404);
    });
  });
});
