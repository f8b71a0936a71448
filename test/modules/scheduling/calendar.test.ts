import { expect } from 'chai';
import { department, quickMembers, shiftRow, type Department } from './support';
import { auditEntries } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';

describe('scheduling: calendar, open shifts, my shifts, summary, templates, settings (HTTP)', () => {
  let d: Department;
  let other: Department;

  before(async () => {
    d = await department('Calendar Creek Fire');
    other = await department('Other County EMS');
  });

  it('when reading a week, then the seven days from the Sunday on or before week_start come back (organization time)', async () => {
    // America/Chicago: 2031-03-08 is a Saturday, 2031-03-09 a Sunday (and the DST change).
    const sat = await shiftRow(d.org, { start: new Date('2031-03-08T13:00:00Z') });
    await sat.update({ shiftDate: '2031-03-08' });
    const sun = await shiftRow(d.org, { start: new Date('2031-03-09T13:00:00Z') });
    await sun.update({ shiftDate: '2031-03-09' });
    const nextSat = await shiftRow(d.org, { start: new Date('2031-03-15T13:00:00Z') });
    await nextSat.update({ shiftDate: '2031-03-15' });
    const nextSun = await shiftRow(d.org, { start: new Date('2031-03-16T13:00:00Z') });
    await nextSun.update({ shiftDate: '2031-03-16' });
    await shiftRow(other.org, { start: new Date('2031-03-10T13:00:00Z') });
    const res = await d.member.get('/scheduling/calendar/week?week_start=2031-03-09');
    expect(res.status).to.equal(200);
    expect(res.body.map((s: { id: string }) => s.id)).to.deep.equal([sun.id, nextSat.id]);
    const midweek = await d.member.get('/scheduling/calendar/week?week_start=2031-03-12');
    expect(midweek.body.map((s: { id: string }) => s.id), 'a Wednesday snaps back to its Sunday').to.deep.equal([sun.id, nextSat.id]);
    expect((await d.member.get('/scheduling/calendar/week?week_start=2031-13-01')).status).to.equal(422);
    expect((await d.member.get('/scheduling/calendar/week')).status).to.equal(200);
  });

  it('when reading a month, then exactly that month\'s shifts come back, month ends included', async () => {
    const last = await shiftRow(d.org, { start: new Date('2031-04-30T13:00:00Z') });
    await last.update({ shiftDate: '2031-04-30' });
    const next = await shiftRow(d.org, { start: new Date('2031-05-01T13:00:00Z') });
    await next.update({ shiftDate: '2031-05-01' });
    const april = await d.member.get('/scheduling/calendar/month?year=2031&month=4');
    expect(april.status).to.equal(200);
    expect(april.body.map((s: { id: string }) => s.id)).to.include(last.id).and.not.include(next.id);
    expect((await d.member.get('/scheduling/calendar/month?year=2031&month=13')).status).to.equal(422);
    expect((await d.member.get('/scheduling/calendar/month?year=2031')).status).to.equal(422);
  });

  it('when listing open shifts, then full, started, cancelled and my own shifts are left out; bad ranges are 400', async () => {
    const open = await shiftRow(d.org, { inHours: 30, seats: ['firefighter', 'firefighter'] });
    const full = await shiftRow(d.org, { inHours: 31, seats: ['firefighter'] });
    const mine = await shiftRow(d.org, { inHours: 32, hours: 1 });
    const cancelled = await shiftRow(d.org, { inHours: 33, status: 'cancelled' });
    const [x] = await quickMembers(d.org, 1);
    await d.officer.post(`/scheduling/shifts/${full.id}/assignments`, { user_id: x.id });
    await d.member.post(`/scheduling/shifts/${mine.id}/signup`, {});
    const res = await d.member.get('/scheduling/shifts/open');
    expect(res.status).to.equal(200);
    const ids = res.body.map((s: { id: string }) => s.id);
    expect(ids).to.include(open.id);
    expect(ids).not.to.include.members([full.id]);
    expect(ids).not.to.include(mine.id);
    expect(ids).not.to.include(cancelled.id);
    const reversed = await d.member.get('/scheduling/shifts/open?start_date=2031-05-10&end_date=2031-05-01');
    expect(reversed.status).to.equal(400);
    expect(reversed.body.code).to.equal('LB-SCHED-040');
    expect((await d.member.get('/scheduling/shifts/open?start_date=2031-01-01&end_date=2031-12-31')).body.code).to.equal('LB-SCHED-041');
  });

  it('when reading my shifts, then only my active assignments\' shifts come back, each with its assignment', async () => {
    const m = (await department('My Shifts Fire')).member;
    const s1 = await shiftRow(m.org, { inHours: 50 });
    await shiftRow(m.org, { inHours: 70 });
    await m.post(`/scheduling/shifts/${s1.id}/signup`, {});
    const res = await m.get('/scheduling/my-shifts');
    expect(res.status).to.equal(200);
    expect(res.body.total).to.equal(1);
    expect(res.body.shifts[0].id).to.equal(s1.id);
    expect(res.body.shifts[0].assignment).to.include({ position: 'firefighter', status: 'assigned' });
    expect(res.body.shifts[0].attendance).to.equal(null);
    expect((await m.get('/scheduling/my-shifts?start_date=2031-02-01&end_date=2031-01-01')).status).to.equal(400);
  });

  it('when reading the summary, then it counts the organization\'s scheduled shifts and my hours worked this month', async () => {
    const dep = await department('Summary Fire');
    await shiftRow(dep.org, { inHours: 1 });
    const res = await dep.member.get('/scheduling/summary');
    expect(res.status).to.equal(200);
    expect(res.body).to.have.all.keys('shifts_scheduled', 'shifts_scheduled_this_week', 'shifts_scheduled_this_month', 'hours_worked_this_month');
    expect(res.body.shifts_scheduled).to.be.at.least(1);
    expect(res.body.hours_worked_this_month).to.equal(0);
  });

  describe('templates', () => {
    it('when an officer creates, lists, edits and deletes templates, then each answers as the SPA expects, audited', async () => {
      const created = await d.officer.post('/scheduling/templates', { name: 'Night', start_time_of_day: '19:00', end_time_of_day: '07:00', positions: ['officer', 'driver'], min_staffing: 2, is_default: true });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({ name: 'Night', duration_hours: 12, category: 'standard', is_default: true, is_active: true });
      const day = await d.officer.post('/scheduling/templates', { name: 'Day', start_time_of_day: '07:00', end_time_of_day: '07:00', is_default: true });
      expect(day.body.duration_hours, 'equal times: a 24-hour shift').to.equal(24);
      const list = await d.member.get('/scheduling/templates?active_only=true');
      expect(list.body.map((t: { name: string; is_default: boolean }) => [t.name, t.is_default])).to.deep.equal([['Day', true], ['Night', false]]);
      const patched = await d.officer.patch(`/scheduling/templates/${created.body.id}`, { is_active: false, end_time_of_day: '08:00' });
      expect(patched.body).to.include({ is_active: false, duration_hours: 13 });
      expect((await d.member.get('/scheduling/templates?active_only=true')).body).to.have.length(1);
      expect((await other.officer.patch(`/scheduling/templates/${created.body.id}`, { name: 'x' })).status).to.equal(404);
      expect((await d.officer.del(`/scheduling/templates/${created.body.id}`)).status).to.equal(204);
      expect(await auditEntries(d.org.id, 'scheduling.template-deleted')).to.have.length(1);
    });

    it('when a template has a bad time or position, then 422; a member cannot create one', async () => {
      const bad = await d.officer.post('/scheduling/templates', { name: 'X', start_time_of_day: '25:00', end_time_of_day: '07:00', positions: ['pilot'] });
      expect(bad.status).to.equal(422);
      expect(bad.body.detail.map((p: { field: string }) => p.field)).to.have.members(['start_time_of_day', 'positions']);
      expect((await d.member.post('/scheduling/templates', { name: 'X', start_time_of_day: '07:00', end_time_of_day: '19:00' })).status).to.equal(403);
    });

    it('when a shift is created from a template, then it takes the template\'s seats', async () => {
      const t = await d.officer.post('/scheduling/templates', { name: 'Medic', start_time_of_day: '06:00', end_time_of_day: '18:00', positions: ['driver', 'ems'], min_staffing: 2 });
      const s = await d.officer.post('/scheduling/shifts', { shift_date: '2031-08-01', start_time: '2031-08-01T11:00:00Z', template_id: t.body.id });
      expect(s.status).to.equal(201);
      expect(s.body.positions.map((p: { position: string }) => p.position)).to.deep.equal(['driver', 'ems']);
      expect(s.body.min_staffing).to.equal(2);
    });
  });

  describe('settings and apparatus options', () => {
    it('when reading settings, then the SPA\'s fields with defaults; an officer\'s change is validated and audited', async () => {
      const res = await d.member.get('/scheduling/settings');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ platoons_enabled: false, hours_window_days: 7, auto_generate_enabled: true, auto_generate_weeks: 4, enforce_evoc: true });
      expect(res.body.call_tracking).to.deep.equal({ mode: 'off', call_types: [] });
      const bad = await d.officer.patch('/scheduling/settings', { auto_generate_weeks: 500 });
      expect(bad.status).to.equal(422);
      expect(bad.body.detail[0].field).to.equal('auto_generate_weeks');
      const ok = await d.officer.patch('/scheduling/settings', { auto_generate_weeks: 8, self_signup_positions: ['firefighter', 'driver'] });
      expect(ok.status).to.equal(200);
      expect(ok.body.auto_generate_weeks).to.equal(8);
      expect((await other.member.get('/scheduling/settings')).body.auto_generate_weeks, 'another organization is untouched').to.equal(4);
      expect(await auditEntries(d.org.id, 'scheduling.settings-updated')).to.have.length(1);
      expect((await d.member.patch('/scheduling/settings', { auto_generate_weeks: 2 })).status).to.equal(403);
      await d.officer.patch('/scheduling/settings', { self_signup_positions: ['firefighter', 'ems', 'probationary', 'volunteer', 'other'] });
    });

    it('when reading apparatus options, then the built-in list; the apparatus list itself is not here (404)', async () => {
      const res = await d.member.get('/scheduling/apparatus-options');
      expect(res.status).to.equal(200);
      expect(res.body.source).to.equal('default');
      expect(res.body.options.length).to.be.above(0);
      expect((await d.member.get('/scheduling/apparatus')).status).to.equal(404);
    });
  });

  describe('the module gate', () => {
    it('when the organization turns scheduling off, then its routes answer 404 LB-MOD-001 there and still work elsewhere', async () => {
      const kernel = await getTestKernel();
      await kernel.moduleConfig.setEnabled(other.org.id, 'scheduling', false, 'test');
      try {
        const off = await other.member.get('/scheduling/summary');
        expect(off.status).to.equal(404);
        expect(off.body.code).to.equal('LB-MOD-001');
        expect((await d.member.get('/scheduling/summary')).status).to.equal(200);
      } finally {
        await kernel.moduleConfig.setEnabled(other.org.id, 'scheduling', true, 'test');
      }
      expect((await other.member.get('/scheduling/summary')).status).to.equal(200);
    });
  });

});
