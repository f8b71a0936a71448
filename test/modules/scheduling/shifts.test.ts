import { expect } from 'chai';
import { department, shiftRow, type Department } from './support';
import { auditEntries, signedIn, UNKNOWN_ID } from '../../support/identity';

describe('scheduling: shifts (HTTP, MariaDB)', () => {
  let d: Department;
  let other: Department;

  before(async () => {
    d = await department();
    other = await department('Other County EMS');
  });

  const body = (over: Record<string, unknown> = {}) => ({
    shift_date: '2031-03-04', start_time: '2031-03-04T13:00:00Z', end_time: '2031-03-05T01:00:00Z',
    positions: ['officer', { position: 'driver', required: true }, 'firefighter'], min_staffing: 3, notes: 'Pump test', ...over,
  });

  it('when an officer creates a shift, then it answers 201 with a ShiftRecord and audits it', async () => {
    const res = await d.officer.post('/scheduling/shifts', body());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ organization_id: d.org.id, shift_date: '2031-03-04', start_time: '2031-03-04T13:00:00.000Z', end_time: '2031-03-05T01:00:00.000Z', status: 'scheduled', attendee_count: 0, call_count: 0, total_hours: 12, min_staffing: 3 });
    expect(res.body.positions).to.deep.equal([{ position: 'officer', required: true }, { position: 'driver', required: true }, { position: 'firefighter', required: true }]);
    const audit = await auditEntries(d.org.id, 'scheduling.shift-created');
    expect(audit.map((a) => a.resourceId)).to.include(res.body.id);
  });

  it('when the end is before the start, or a position is unknown, then 422 names the fields', async () => {
    const res = await d.officer.post('/scheduling/shifts', body({ end_time: '2031-03-04T12:00:00Z', positions: ['pilot'] }));
    expect(res.status).to.equal(422);
    expect(res.body.code).to.equal('LB-VAL-001');
    expect(res.body.detail.map((p: { field: string }) => p.field)).to.have.members(['end_time', 'positions']);
  });

  it('when a time has no timezone or a property is unknown, then 422', async () => {
    expect((await d.officer.post('/scheduling/shifts', body({ start_time: '2031-03-04 13:00' }))).status).to.equal(422);
    expect((await d.officer.post('/scheduling/shifts', body({ organization_id: other.org.id }))).status).to.equal(422);
  });

  it('when no end is given, then the shift lasts the default_shift_hours setting', async () => {
    const res = await d.officer.post('/scheduling/shifts', body({ end_time: undefined }));
    expect(res.status).to.equal(201);
    expect(res.body.total_hours).to.equal(12);
  });

  it('when a plain member creates a shift, then 403', async () => {
    expect((await d.member.post('/scheduling/shifts', body())).status).to.equal(403);
  });

  it('when listing a date range, then only shifts of the organization in it come back, paginated', async () => {
    await other.officer.post('/scheduling/shifts', body());
    const res = await d.officer.get('/scheduling/shifts?start_date=2031-03-01&end_date=2031-03-31&limit=1');
    expect(res.status).to.equal(200);
    expect(res.body.total).to.equal(2);
    expect(res.body.shifts).to.have.length(1);
    expect(res.body).to.include({ skip: 0, limit: 1 });
    expect(res.body.shifts.every((s: { organization_id: string }) => s.organization_id === d.org.id)).to.equal(true);
    expect((await d.officer.get('/scheduling/shifts?start_date=2031-03-31&end_date=2031-03-01')).status).to.equal(400);
    expect((await d.officer.get('/scheduling/shifts?start_date=2031-02-30')).status).to.equal(422);
    expect((await d.officer.get('/scheduling/shifts?limit=5000')).status).to.equal(422);
  });

  it('when reading, editing, cancelling or deleting another organization\'s shift, then 404 like a missing one', async () => {
    const theirs = await shiftRow(other.org);
    for (const id of [theirs.id, UNKNOWN_ID]) {
      expect((await d.officer.get(`/scheduling/shifts/${id}`)).status).to.equal(404);
      expect((await d.officer.patch(`/scheduling/shifts/${id}`, { notes: 'x' })).status).to.equal(404);
      expect((await d.officer.post(`/scheduling/shifts/${id}/cancel`, {})).status).to.equal(404);
      expect((await d.officer.del(`/scheduling/shifts/${id}`)).status).to.equal(404);
      const res = await d.officer.get(`/scheduling/shifts/${id}/assignments`);
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('LB-SCHED-001');
    }
  });

  it('when a shift is read, edited, cancelled and deleted, then each step answers as the SPA expects', async () => {
    const created = (await d.officer.post('/scheduling/shifts', body())).body as { id: string };
    const detail = await d.member.get(`/scheduling/shifts/${created.id}`);
    expect(detail.status).to.equal(200);
    expect(detail.body).to.include({ checkin_open: false });
    expect(detail.body.attendees).to.deep.equal([]);
    const patched = await d.officer.patch(`/scheduling/shifts/${created.id}`, { notes: 'Hydrant flushing', end_time: '2031-03-05T03:00:00Z' });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ notes: 'Hydrant flushing', total_hours: 14 });
    const bad = await d.officer.patch(`/scheduling/shifts/${created.id}`, { end_time: '2031-03-04T10:00:00Z' });
    expect(bad.status).to.equal(422);
    const cancelled = await d.officer.post(`/scheduling/shifts/${created.id}/cancel`, { reason: 'Storm' });
    expect(cancelled.status).to.equal(200);
    expect(cancelled.body).to.include({ status: 'cancelled', cancellation_reason: 'Storm', cancelled_by: d.officer.user.id });
    expect((await d.officer.post(`/scheduling/shifts/${created.id}/cancel`, {})).status).to.equal(409);
    expect((await d.officer.del(`/scheduling/shifts/${created.id}`)).status).to.equal(204);
    expect((await d.officer.get(`/scheduling/shifts/${created.id}`)).status).to.equal(404);
    expect(await auditEntries(d.org.id, 'scheduling.shift-deleted')).to.have.length(1);
  });

  it('when the session has ended (signed out), then its cookies get 401 on scheduling routes', async () => {
    const m = await signedIn(['member'], { org: d.org });
    expect((await m.get('/scheduling/summary')).status).to.equal(200);
    expect((await m.post('/auth/logout')).status).to.be.oneOf([200, 204]);
    const res = await m.get('/scheduling/summary');
    expect(res.status).to.equal(401);
    expect((await m.post(`/scheduling/shifts/${UNKNOWN_ID}/signup`, {})).status).to.equal(401);
  });

  it('when the session is gone, then 401', async () => {
    const res = await d.member.get('/scheduling/shifts').set('Cookie', '');
    expect(res.status).to.equal(401);
  });

});
