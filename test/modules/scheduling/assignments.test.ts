import { expect } from 'chai';
import { department, quickMembers, shiftRow, type Department } from './support';
import { auditEntries, signedIn, UNKNOWN_ID } from '../../support/identity';
import { TimeOff } from '../../../modules/scheduling/models/time-off.model';
import { Shift } from '../../../modules/scheduling/models/shift.model';
import { User } from '../../../core/identity/models/user.model';

describe('scheduling: assignments and self sign-up (HTTP, MariaDB)', () => {
  let d: Department;
  let other: Department;

  before(async () => {
    d = await department();
    other = await department('Other County EMS');
  });

  it('when an officer assigns a member to a free seat, then 201 with the Assignment, audited', async () => {
    const shift = await shiftRow(d.org, { inHours: 24 });
    const res = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: d.member.user.id, position: 'driver', notes: 'Engine 3' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ shift_id: shift.id, user_id: d.member.user.id, position: 'driver', assignment_status: 'assigned', user_name: 'Pat Rivera', notes: 'Engine 3', is_training: false });
    expect((await auditEntries(d.org.id, 'scheduling.assignment-created')).map((a) => a.resourceId)).to.include(res.body.id);
    const list = await d.member.get(`/scheduling/shifts/${shift.id}/assignments`);
    expect(list.body.map((a: { id: string }) => a.id)).to.deep.equal([res.body.id]);
    const detail = await d.member.get(`/scheduling/shifts/${shift.id}`);
    expect(detail.body.attendee_count).to.equal(1);
    expect(detail.body.attendees[0].user_id).to.equal(d.member.user.id);
  });

  it('when an officer fills an officer seat of a shift without a shift officer, then the member becomes its shift officer', async () => {
    const shift = await shiftRow(d.org, { inHours: 400 });
    const [m] = await quickMembers(d.org, 1);
    expect((await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: m.id, position: 'officer' })).status).to.equal(201);
    const detail = await d.member.get(`/scheduling/shifts/${shift.id}`);
    expect(detail.body.shift_officer_id).to.equal(m.id);
    expect(detail.body.shift_officer_name).to.equal(`Sam ${m.lastName}`);
  });

  describe('every rule refuses with its code and a sentence', () => {
    it('when the seat does not exist or is taken, then 409 LB-SCHED-018 / LB-SCHED-019', async () => {
      const shift = await shiftRow(d.org, { inHours: 30, seats: ['driver'] });
      const [a, b] = await quickMembers(d.org, 2);
      const none = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id, position: 'ems' });
      expect(none.status).to.equal(409);
      expect(none.body).to.include({ code: 'LB-SCHED-018', detail: 'This shift has no EMS seat.' });
      expect((await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id, position: 'driver' })).status).to.equal(201);
      const taken = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: b.id, position: 'driver' });
      expect(taken.status).to.equal(409);
      expect(taken.body).to.include({ code: 'LB-SCHED-019', detail: 'The driver seat on this shift is already taken.' });
    });

    it('when the member is already on the shift, then 409 LB-SCHED-015', async () => {
      const shift = await shiftRow(d.org, { inHours: 60 });
      const [a] = await quickMembers(d.org, 1, { firstName: 'Alex' });
      await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id, position: 'driver' });
      const again = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id, position: 'firefighter' });
      expect(again.status).to.equal(409);
      expect(again.body.code).to.equal('LB-SCHED-015');
      expect(again.body.detail).to.match(/^Alex \w+ is already on this shift \(driver seat\)\.$/);
    });

    it('when the member has an overlapping shift (a night shift across midnight), then 409 LB-SCHED-016 naming it', async () => {
      const night = await shiftRow(d.org, { start: new Date('2031-06-01T00:00:00Z'), hours: 12 });
      const morning = await shiftRow(d.org, { start: new Date('2031-06-01T11:00:00Z'), hours: 12 });
      const after = await shiftRow(d.org, { start: new Date('2031-06-01T12:00:00Z'), hours: 12 });
      const [a] = await quickMembers(d.org, 1);
      expect((await d.officer.post(`/scheduling/shifts/${night.id}/assignments`, { user_id: a.id })).status).to.equal(201);
      const overlap = await d.officer.post(`/scheduling/shifts/${morning.id}/assignments`, { user_id: a.id });
      expect(overlap.status).to.equal(409);
      expect(overlap.body.code).to.equal('LB-SCHED-016');
      // Cedar Falls is in America/Chicago: 00:00Z on June 1st is 19:00 on May 31st.
      expect(overlap.body.detail).to.contain('is already on the shift of 2031-05-31 19:00-07:00, which overlaps this one.');
      expect((await d.officer.post(`/scheduling/shifts/${after.id}/assignments`, { user_id: a.id })).status, 'back-to-back is fine').to.equal(201);
    });

    it('when the member has approved time off covering the shift, then 409 LB-SCHED-017; pending time off does not refuse', async () => {
      const shift = await shiftRow(d.org, { start: new Date('2031-07-10T12:00:00Z') });
      const [a, b] = await quickMembers(d.org, 2);
      await TimeOff.create({ organizationId: d.org.id, userId: a.id, startDate: '2031-07-09', endDate: '2031-07-10', status: 'approved' });
      await TimeOff.create({ organizationId: d.org.id, userId: b.id, startDate: '2031-07-09', endDate: '2031-07-10', status: 'pending' });
      const res = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id });
      expect(res.status).to.equal(409);
      expect(res.body).to.include({ code: 'LB-SCHED-017' });
      expect(res.body.detail).to.contain('has approved time off from 2031-07-09 to 2031-07-10');
      expect((await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: b.id })).status).to.equal(201);
    });

    it('when the member is inactive or on leave, then 409 LB-SCHED-013 / LB-SCHED-014', async () => {
      const shift = await shiftRow(d.org, { inHours: 90 });
      const [gone] = await quickMembers(d.org, 1, { status: 'inactive' });
      const [leave] = await quickMembers(d.org, 1, { status: 'leave' });
      expect((await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: gone.id })).body.code).to.equal('LB-SCHED-013');
      expect((await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: leave.id })).body.code).to.equal('LB-SCHED-014');
    });

    it('when the member belongs to another organization or does not exist, then 404 LB-SCHED-002', async () => {
      const shift = await shiftRow(d.org, { inHours: 91 });
      for (const id of [other.member.user.id, UNKNOWN_ID]) {
        const res = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: id });
        expect(res.status).to.equal(404);
        expect(res.body.code).to.equal('LB-SCHED-002');
      }
    });

    it('when the shift is cancelled, finalized or over, then 409 LB-SCHED-010 / 011 / 012', async () => {
      const [a] = await quickMembers(d.org, 1);
      const cancelled = await shiftRow(d.org, { inHours: 100, status: 'cancelled' });
      const finalized = await shiftRow(d.org, { inHours: 120 });
      await Shift.update({ isFinalized: true }, { where: { id: finalized.id } });
      const past = await shiftRow(d.org, { inHours: -30 });
      expect((await d.officer.post(`/scheduling/shifts/${cancelled.id}/assignments`, { user_id: a.id })).body.code).to.equal('LB-SCHED-010');
      expect((await d.officer.post(`/scheduling/shifts/${finalized.id}/assignments`, { user_id: a.id })).body.code).to.equal('LB-SCHED-011');
      expect((await d.officer.post(`/scheduling/shifts/${past.id}/assignments`, { user_id: a.id })).body.code).to.equal('LB-SCHED-012');
    });

    it('when a plain member tries to assign someone, then 403', async () => {
      const shift = await shiftRow(d.org, { inHours: 130 });
      expect((await d.member.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: d.member.user.id })).status).to.equal(403);
    });
  });

  describe('self sign-up', () => {
    it('when a member signs up for an open firefighter seat, then 201; withdrawing frees the seat again', async () => {
      const m = await signedIn(['member'], { org: d.org });
      const shift = await shiftRow(d.org, { inHours: 140, seats: ['firefighter'] });
      const res = await m.post(`/scheduling/shifts/${shift.id}/signup`, {});
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ position: 'firefighter', user_id: m.user.id, assigned_by: m.user.id });
      const mine = await m.get('/scheduling/my-assignments');
      expect(mine.body).to.have.length(1);
      expect(mine.body[0].shift).to.include({ id: shift.id });
      expect((await m.del(`/scheduling/shifts/${shift.id}/signup`)).status).to.equal(204);
      expect((await m.del(`/scheduling/shifts/${shift.id}/signup`)).status).to.equal(404);
      expect((await d.member.post(`/scheduling/shifts/${shift.id}/signup`, { position: 'firefighter' })).status).to.equal(201);
      expect(await auditEntries(d.org.id, 'scheduling.signup-withdrawn')).to.have.length(1);
    });

    it('when the seat is not open for self sign-up, then 403 LB-SCHED-020 with a sentence; eligibility lists the same reason', async () => {
      const shift = await shiftRow(d.org, { inHours: 150, seats: ['driver', 'firefighter'] });
      const res = await d.member.post(`/scheduling/shifts/${shift.id}/signup`, { position: 'driver' });
      expect(res.status).to.equal(403);
      expect(res.body).to.include({ code: 'LB-SCHED-020', detail: 'The driver seat is not open for self sign-up in this department; an officer assigns it.' });
      const el = await d.member.get(`/scheduling/eligibility/positions?shift_id=${shift.id}`);
      expect(el.status).to.equal(200);
      expect(el.body.positions).to.deep.equal(['firefighter']);
      expect(el.body.is_excluded).to.equal(false);
      expect(el.body.refused).to.deep.equal([{ position: 'driver', code: 'LB-SCHED-020', message: res.body.detail }]);
    });

    it('when the member\'s membership type is excluded, then sign-up is 403 LB-SCHED-021 and eligibility says is_excluded', async () => {
      const honorary = await signedIn(['member'], { org: d.org });
      await User.update({ membershipType: 'honorary' }, { where: { id: honorary.user.id } });
      const shift = await shiftRow(d.org, { inHours: 160 });
      const res = await honorary.post(`/scheduling/shifts/${shift.id}/signup`, {});
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('LB-SCHED-021');
      expect(res.body.detail).to.match(/^Honorary members cannot sign themselves up/);
      const el = await honorary.get('/scheduling/eligibility/positions');
      expect(el.body).to.include({ is_excluded: true });
      expect(el.body.positions).to.deep.equal([]);
    });

    it('when the shift started already, or is not open to all members, then 409 LB-SCHED-012 / 403 LB-SCHED-022', async () => {
      const started = await shiftRow(d.org, { inHours: -1 });
      const closed = await shiftRow(d.org, { inHours: 170, openToAll: false });
      expect((await d.member.post(`/scheduling/shifts/${started.id}/signup`, {})).body.code).to.equal('LB-SCHED-012');
      expect((await d.member.post(`/scheduling/shifts/${closed.id}/signup`, {})).body.code).to.equal('LB-SCHED-022');
    });

    it('when signing up for another organization\'s shift, then 404', async () => {
      const theirs = await shiftRow(other.org, { inHours: 180 });
      expect((await d.member.post(`/scheduling/shifts/${theirs.id}/signup`, {})).status).to.equal(404);
      expect((await d.member.get(`/scheduling/eligibility/positions?shift_id=${theirs.id}`)).status).to.equal(404);
    });
  });

  describe('changing assignments', () => {
    it('when an officer moves an assignment to a taken seat, then 409; to a free one, then 200; cancelling frees the seat', async () => {
      const shift = await shiftRow(d.org, { inHours: 200, seats: ['driver', 'firefighter'] });
      const [a, b] = await quickMembers(d.org, 2);
      const ra = (await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id, position: 'driver' })).body as { id: string };
      const rb = (await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: b.id, position: 'firefighter' })).body as { id: string };
      expect((await d.officer.patch(`/scheduling/assignments/${rb.id}`, { position: 'driver' })).body.code).to.equal('LB-SCHED-019');
      expect((await d.officer.patch(`/scheduling/assignments/${ra.id}`, { assignment_status: 'cancelled' })).body.assignment_status).to.equal('cancelled');
      const moved = await d.officer.patch(`/scheduling/assignments/${rb.id}`, { position: 'driver' });
      expect(moved.status).to.equal(200);
      expect(moved.body.position).to.equal('driver');
      const back = await d.officer.patch(`/scheduling/assignments/${ra.id}`, { assignment_status: 'assigned' });
      expect(back.status, 'reactivating re-runs the seat rule').to.equal(409);
      expect((await d.officer.patch(`/scheduling/assignments/${ra.id}`, { assignment_status: 'assigned', position: 'firefighter' })).status).to.equal(200);
      expect((await d.officer.del(`/scheduling/assignments/${ra.id}`)).status).to.equal(204);
      expect((await d.officer.del(`/scheduling/assignments/${ra.id}`)).status).to.equal(404);
    });

    it('when a member confirms their own assignment, then it is confirmed; someone else\'s, then 403; another organization\'s, then 404', async () => {
      const shift = await shiftRow(d.org, { inHours: 210 });
      const mine = (await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: d.member.user.id })).body as { id: string };
      const [x] = await quickMembers(d.org, 1);
      const theirs = (await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: x.id, position: 'driver' })).body as { id: string };
      const res = await d.member.post(`/scheduling/assignments/${mine.id}/confirm`);
      expect(res.status).to.equal(200);
      expect(res.body.assignment_status).to.equal('confirmed');
      expect(res.body.confirmed_at).to.be.a('string');
      expect((await d.member.post(`/scheduling/assignments/${theirs.id}/confirm`)).status).to.equal(403);
      expect((await other.officer.post(`/scheduling/assignments/${mine.id}/confirm`)).status).to.equal(404);
      expect((await other.officer.patch(`/scheduling/assignments/${mine.id}`, { notes: 'x' })).status).to.equal(404);
    });

    it('when shift times change so an assignee would overlap another shift, then 409 and nothing changes', async () => {
      const [a] = await quickMembers(d.org, 1);
      const first = await shiftRow(d.org, { start: new Date('2031-09-01T12:00:00Z'), hours: 12 });
      const second = await shiftRow(d.org, { start: new Date('2031-09-02T00:00:00Z'), hours: 12 });
      await d.officer.post(`/scheduling/shifts/${first.id}/assignments`, { user_id: a.id });
      await d.officer.post(`/scheduling/shifts/${second.id}/assignments`, { user_id: a.id });
      const res = await d.officer.patch(`/scheduling/shifts/${second.id}`, { start_time: '2031-09-01T20:00:00Z' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('LB-SCHED-016');
      expect((await d.officer.get(`/scheduling/shifts/${second.id}`)).body.start_time).to.equal('2031-09-02T00:00:00.000Z');
    });

    it('when a new seat list cannot seat the assignees, then 409 LB-SCHED-024; when it can, seats are renumbered', async () => {
      const shift = await shiftRow(d.org, { inHours: 260, seats: ['firefighter', 'firefighter'] });
      const [a, b] = await quickMembers(d.org, 2);
      await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: a.id });
      await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: b.id });
      expect((await d.officer.patch(`/scheduling/shifts/${shift.id}`, { positions: ['firefighter'] })).body.code).to.equal('LB-SCHED-024');
      const ok = await d.officer.patch(`/scheduling/shifts/${shift.id}`, { positions: ['driver', 'firefighter', 'firefighter', 'firefighter'] });
      expect(ok.status).to.equal(200);
      expect(ok.body.positions).to.have.length(4);
    });
  });

  describe('unavailable members', () => {
    it('when members are busy, off, inactive or already on the shift, then they are listed; free members are not', async () => {
      const shift = await shiftRow(d.org, { start: new Date('2031-10-05T12:00:00Z') });
      const clash = await shiftRow(d.org, { start: new Date('2031-10-05T18:00:00Z') });
      const [on, busy, off, inactive, free] = await quickMembers(d.org, 5);
      await User.update({ status: 'suspended' }, { where: { id: inactive.id } });
      await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: on.id });
      await d.officer.post(`/scheduling/shifts/${clash.id}/assignments`, { user_id: busy.id });
      await TimeOff.create({ organizationId: d.org.id, userId: off.id, startDate: '2031-10-05', endDate: '2031-10-05', status: 'approved' });
      const res = await d.member.get(`/scheduling/shifts/${shift.id}/unavailable-members`);
      expect(res.status).to.equal(200);
      expect(res.body.unavailable_user_ids).to.include.members([on.id, busy.id, off.id, inactive.id]);
      expect(res.body.unavailable_user_ids).not.to.include(free.id);
      expect(res.body.unavailable_user_ids).not.to.include(other.member.user.id);
    });
  });

});
