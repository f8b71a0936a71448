import { expect } from 'chai';
import { Op } from 'sequelize';
import { department, type Department } from './support';
import { auditEntries } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { isOnDuty, rotationProblems, type Rotation } from '../../../modules/scheduling/domain/rotation';
import { shiftTimes } from '../../../modules/scheduling/services/patterns.service';
import { zonedInstant, localDate, localTime, sundayOf, monthBounds } from '../../../modules/scheduling/domain/zoned-time';
import { Shift } from '../../../modules/scheduling/models/shift.model';
import { ShiftPattern } from '../../../modules/scheduling/models/shift-pattern.model';
import { extendPatternsJob } from '../../../modules/scheduling/scheduling.jobs';
import { silentLogger } from '../../../core/logging/logger';

const base: Rotation = { patternType: 'daily', startDate: '2031-01-30', endDate: null, weekdays: [], daysOn: null, daysOff: null, cycle: [] };
const onDays = (r: Rotation, from: string, n: number) => Array.from({ length: n }, (_, i) => {
  const d = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
  return isOnDuty(r, d) ? d : null;
}).filter(Boolean);

describe('scheduling: rotations, time zones and pattern generation', () => {
  describe('calendar arithmetic (pure)', () => {
    it('when a local time falls on a DST change, then the missing hour moves forward and the doubled hour takes its first occurrence', () => {
      expect(zonedInstant('2031-03-09', '07:00', 'America/Chicago').toISOString()).to.equal('2031-03-09T12:00:00.000Z');
      expect(zonedInstant('2031-03-08', '07:00', 'America/Chicago').toISOString()).to.equal('2031-03-08T13:00:00.000Z');
      expect(zonedInstant('2031-03-09', '02:30', 'America/Chicago').toISOString(), 'spring forward: 02:30 does not exist').to.equal('2031-03-09T08:30:00.000Z');
      expect(zonedInstant('2031-11-02', '01:30', 'America/Chicago').toISOString(), 'fall back: the first 01:30 (CDT)').to.equal('2031-11-02T06:30:00.000Z');
      expect(localDate(new Date('2031-03-09T04:59:00Z'), 'America/Chicago')).to.equal('2031-03-08');
      expect(localTime(new Date('2031-03-09T12:00:00Z'), 'America/Chicago')).to.equal('07:00');
    });

    it('when a 24-hour template runs across DST, then it is 07:00 to 07:00 local (23 or 25 real hours)', () => {
      const t = { startTimeOfDay: '07:00', durationHours: 24 };
      const spring = shiftTimes(t, '2031-03-08', 'America/Chicago');
      expect([spring.start.toISOString(), spring.end.toISOString()]).to.deep.equal(['2031-03-08T13:00:00.000Z', '2031-03-09T12:00:00.000Z']);
      const fall = shiftTimes(t, '2031-11-01', 'America/Chicago');
      expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).to.equal(25);
      const night = shiftTimes({ startTimeOfDay: '19:00', durationHours: 12 }, '2031-01-31', 'America/Chicago');
      expect(localDate(night.end, 'America/Chicago'), 'a night shift ends the next day, across a month end').to.equal('2031-02-01');
    });

    it('when weeks and months are computed, then weeks start on Sunday and months end on their last day (leap years too)', () => {
      expect(sundayOf('2031-03-12')).to.equal('2031-03-09');
      expect(sundayOf('2031-03-09')).to.equal('2031-03-09');
      expect(monthBounds(2032, 2)).to.deep.equal({ first: '2032-02-01', last: '2032-02-29' });
      expect(monthBounds(2031, 12)).to.deep.equal({ first: '2031-12-01', last: '2031-12-31' });
    });

    it('when rotations are evaluated, then daily, weekly, 24/48 platoon and Kelly cycles put the right days on duty across month ends', () => {
      expect(onDays(base, '2031-01-29', 4)).to.deep.equal(['2031-01-30', '2031-01-31', '2031-02-01']);
      expect(onDays({ ...base, patternType: 'weekly', weekdays: [0, 3] }, '2031-02-01', 7)).to.deep.equal(['2031-02-02', '2031-02-05']);
      expect(onDays({ ...base, patternType: 'platoon', daysOn: 1, daysOff: 2 }, '2031-01-30', 7)).to.deep.equal(['2031-01-30', '2031-02-02', '2031-02-05']);
      const kelly = { ...base, patternType: 'custom' as const, cycle: [true, false, true, false, true, false, false, false, false] };
      expect(onDays(kelly, '2031-01-30', 10)).to.deep.equal(['2031-01-30', '2031-02-01', '2031-02-03', '2031-02-08']);
      expect(onDays({ ...base, endDate: '2031-01-31' }, '2031-01-30', 3)).to.deep.equal(['2031-01-30', '2031-01-31']);
      expect(rotationProblems({ ...base, patternType: 'weekly', weekdays: [7] })[0].field).to.equal('weekdays');
      expect(rotationProblems({ ...base, patternType: 'custom', cycle: [false] })[0].field).to.equal('cycle');
      expect(rotationProblems({ ...base, patternType: 'platoon' })[0].field).to.equal('days_on');
    });
  });

  describe('patterns over HTTP', () => {
    let d: Department;
    let templateId: string;

    before(async () => {
      d = await department('Rotation Ridge Fire');
      templateId = (await d.officer.post('/scheduling/templates', { name: '24 hour', start_time_of_day: '07:00', end_time_of_day: '07:00', positions: ['officer', 'driver', 'firefighter'] })).body.id as string;
    });

    it('when a 24/48 pattern generates a range across the DST change, then each on-duty day has one shift at 07:00 local, and a second run adds only the new days', async () => {
      const p = await d.officer.post('/scheduling/patterns', { name: 'A shift', pattern_type: 'platoon', template_id: templateId, start_date: '2031-03-01', days_on: 1, days_off: 2, platoon: 'A' });
      expect(p.status, JSON.stringify(p.body)).to.equal(201);
      const first = await d.officer.post(`/scheduling/patterns/${p.body.id}/generate`, { start_date: '2031-03-01', end_date: '2031-03-31' });
      expect(first.status).to.equal(200);
      expect(first.body).to.deep.equal({ created: 11, existing: 0 });
      const again = await d.officer.post(`/scheduling/patterns/${p.body.id}/generate`, { start_date: '2031-03-01', end_date: '2031-04-03' });
      expect(again.body).to.deep.equal({ created: 1, existing: 11 });
      const shifts = await Shift.findAll({ where: { patternId: p.body.id }, order: [['startTime', 'ASC']] });
      expect(shifts.map((s) => s.shiftDate).slice(0, 4)).to.deep.equal(['2031-03-01', '2031-03-04', '2031-03-07', '2031-03-10']);
      expect(shifts.every((s) => localTime(s.startTime, 'America/Chicago') === '07:00' && localTime(s.endTime, 'America/Chicago') === '07:00')).to.equal(true);
      expect(shifts.every((s) => s.platoon === 'A' && s.positions !== null)).to.equal(true);
      expect(await auditEntries(d.org.id, 'scheduling.shifts-generated')).to.have.length(2);
      const list = await d.member.get('/scheduling/patterns');
      expect(list.body[0]).to.include({ generated_through: '2031-04-03', pattern_type: 'platoon', days_on: 1, days_off: 2 });
    });

    it('when two generations of one range run at once, then every day still has exactly one shift', async () => {
      const p = await d.officer.post('/scheduling/patterns', { name: 'Daily', pattern_type: 'daily', template_id: templateId, start_date: '2031-06-01' });
      const both = await Promise.all([1, 2].map(() => d.officer.post(`/scheduling/patterns/${p.body.id}/generate`, { start_date: '2031-06-01', end_date: '2031-06-30' })));
      expect(both.map((r) => r.status)).to.deep.equal([200, 200]);
      expect(both.reduce((n, r) => n + (r.body.created as number), 0)).to.equal(30);
      expect(await Shift.count({ where: { patternId: p.body.id } })).to.equal(30);
    });

    it('when the pattern or range is bad, then 422 / 400; another organization\'s pattern is 404; members cannot create', async () => {
      expect((await d.officer.post('/scheduling/patterns', { name: 'X', pattern_type: 'weekly', template_id: templateId, start_date: '2031-01-01', weekdays: [] })).status).to.equal(422);
      expect((await d.officer.post('/scheduling/patterns', { name: 'X', pattern_type: 'hourly', template_id: templateId, start_date: '2031-01-01' })).status).to.equal(422);
      const p = await d.officer.post('/scheduling/patterns', { name: 'W', pattern_type: 'weekly', template_id: templateId, start_date: '2031-01-01', weekdays: [1] });
      expect((await d.officer.post(`/scheduling/patterns/${p.body.id}/generate`, { start_date: '2031-01-01', end_date: '2033-01-01' })).status).to.equal(400);
      const stranger = await department('Other County EMS');
      expect((await stranger.officer.post(`/scheduling/patterns/${p.body.id}/generate`, { start_date: '2031-01-01', end_date: '2031-01-02' })).status).to.equal(404);
      expect((await stranger.officer.del(`/scheduling/patterns/${p.body.id}`)).status).to.equal(404);
      expect((await d.member.post('/scheduling/patterns', { name: 'X', pattern_type: 'daily', template_id: templateId, start_date: '2031-01-01' })).status).to.equal(403);
      expect((await d.officer.del(`/scheduling/patterns/${p.body.id}`)).status).to.equal(204);
    });

    it('when the daily job runs, then active patterns are extended to the horizon of the settings, and again it adds nothing', async () => {
      const dep = await department('Job Junction Fire');
      const t = await dep.officer.post('/scheduling/templates', { name: 'Day', start_time_of_day: '07:00', end_time_of_day: '19:00' });
      const today = localDate(new Date(), 'America/Chicago');
      const p = await dep.officer.post('/scheduling/patterns', { name: 'Every day', pattern_type: 'daily', template_id: t.body.id, start_date: today });
      await dep.officer.patch('/scheduling/settings', { auto_generate_weeks: 1 });
      const kernel = await getTestKernel();
      const context = { container: kernel.container, logger: silentLogger, scheduledFor: new Date(), signal: new AbortController().signal };
      const first = await extendPatternsJob.run(context) as { created: number };
      expect(first.created).to.be.at.least(8);
      expect(await Shift.count({ where: { patternId: p.body.id } })).to.equal(8);
      const second = await extendPatternsJob.run(context) as { created: number };
      expect(await Shift.count({ where: { patternId: p.body.id } })).to.equal(8);
      expect(second.created).to.equal(0);
      const stored = await ShiftPattern.findByPk(p.body.id);
      expect(stored!.generatedThrough).to.be.a('string');
      expect(await Shift.count({ where: { patternId: p.body.id, shiftDate: { [Op.lt]: today } } })).to.equal(0);
    });
  });
});
