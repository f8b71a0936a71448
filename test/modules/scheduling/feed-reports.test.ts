import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { department, quickMembers, shiftRow, type Department } from './support';
import { auditEntries } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { User } from '../../../core/identity/models/user.model';
import { FeedToken } from '../../../modules/scheduling/models/feed-token.model';
import { fold, icsText } from '../../../modules/scheduling/domain/ics';

async function anonymous(): Promise<supertest.Agent> {
  return supertest.agent((await getTestKernel()).app as Express);
}

describe('scheduling: ICS feed and reports (HTTP)', () => {
  let d: Department;

  before(async () => {
    d = await department('Feed Falls Fire');
  });

  describe('ICS feed', () => {
    it('when a member issues a feed, then its secret URL serves their shifts as iCalendar without a session; only the hash is stored', async () => {
      const shift = await shiftRow(d.org, { inHours: 50 });
      await shift.update({ notes: 'Bring turnout gear; drill, then dinner' });
      await d.member.post(`/scheduling/shifts/${shift.id}/signup`, {});
      expect((await d.member.get('/scheduling/calendar-feed')).body).to.deep.equal({ active: false, created_at: null });
      const issued = await d.member.post('/scheduling/calendar-feed');
      expect(issued.status).to.equal(201);
      expect(issued.body.url).to.equal(`/api/v1/scheduling/ics/${issued.body.token}`);
      const stored = await FeedToken.findOne({ where: { userId: d.member.user.id }, raw: true });
      expect(stored!.tokenHash).to.have.length(64).and.not.equal(issued.body.token);
      const res = await (await anonymous()).get(issued.body.url);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/calendar/);
      const text = res.text;
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).to.equal(true);
      expect(text).to.contain('SUMMARY:Shift: firefighter');
      expect(text).to.contain(`DTSTART:${shift.startTime.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
      expect(text).to.contain('DESCRIPTION:Bring turnout gear\\; drill\\, then dinner');
      expect(text).to.contain('STATUS:TENTATIVE');
      expect((await d.member.get('/scheduling/calendar-feed')).body.active).to.equal(true);
    });

    it('when the feed is rotated or revoked, then the old URL is 404; a malformed token is 404 too', async () => {
      const m = (await department('Rotate Fire')).member;
      const first = (await m.post('/scheduling/calendar-feed')).body as { url: string };
      const second = (await m.post('/scheduling/calendar-feed')).body as { url: string };
      const agent = await anonymous();
      expect((await agent.get(first.url)).status).to.equal(404);
      expect((await agent.get(second.url)).status).to.equal(200);
      expect((await m.del('/scheduling/calendar-feed')).status).to.equal(204);
      expect((await agent.get(second.url)).status).to.equal(404);
      expect((await m.del('/scheduling/calendar-feed')).status).to.equal(404);
      expect((await agent.get('/api/v1/scheduling/ics/not-a-token')).status).to.equal(404);
      expect(await auditEntries(m.org.id, 'scheduling.feed-revoked')).to.have.length(1);
    });

    it('when the member is no longer active, or the organization turns scheduling off, then the feed is 404', async () => {
      const dep = await department('Inactive Fire');
      const url = (await dep.member.post('/scheduling/calendar-feed')).body.url as string;
      const agent = await anonymous();
      const kernel = await getTestKernel();
      await kernel.moduleConfig.setEnabled(dep.org.id, 'scheduling', false, 'test');
      expect((await agent.get(url)).status).to.equal(404);
      await kernel.moduleConfig.setEnabled(dep.org.id, 'scheduling', true, 'test');
      expect((await agent.get(url)).status).to.equal(200);
      await User.update({ status: 'inactive' }, { where: { id: dep.member.user.id } });
      expect((await agent.get(url)).status).to.equal(404);
    });

    it('when text is escaped and lines are long, then RFC 5545 escaping and 75-octet folding apply', () => {
      expect(icsText('a,b;c\\d\ne')).to.equal('a\\,b\\;c\\\\d\\ne');
      const folded = fold(`DESCRIPTION:${'é'.repeat(60)}`);
      for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
      expect(folded.split('\r\n').slice(1).every((l) => l.startsWith(' '))).to.equal(true);
    });
  });

  describe('reports', () => {
    let rep: Department;
    let evil: User;

    before(async () => {
      rep = await department('Report Rapids Fire');
      [evil] = await quickMembers(rep.org, 1, { firstName: '=HYPERLINK("http://x")' });
      const day = await shiftRow(rep.org, { start: new Date('2031-05-05T12:00:00Z'), hours: 12, seats: ['officer', 'driver', 'firefighter'] });
      const night = await shiftRow(rep.org, { start: new Date('2031-05-06T00:00:00Z'), hours: 12, seats: ['firefighter'] });
      await day.update({ shiftDate: '2031-05-05', minStaffing: 3 });
      await night.update({ shiftDate: '2031-05-05', minStaffing: 1 });
      await rep.officer.post(`/scheduling/shifts/${day.id}/assignments`, { user_id: evil.id, position: 'driver' });
      await rep.officer.post(`/scheduling/shifts/${night.id}/assignments`, { user_id: rep.member.user.id, position: 'firefighter' });
    });

    it('when reading member hours, then each member\'s shifts and hours in the range come back', async () => {
      const res = await rep.officer.get('/scheduling/reports/member-hours?start_date=2031-05-01&end_date=2031-05-31');
      expect(res.status).to.equal(200);
      expect(res.body.members).to.have.length(2);
      expect(res.body.members.find((m: { user_id: string }) => m.user_id === evil.id)).to.include({ shifts: 1, hours: 12 });
    });

    it('when reading coverage, then only shifts below minimum staffing are listed, with their shortfall', async () => {
      const res = await rep.officer.get('/scheduling/reports/coverage?start_date=2031-05-01&end_date=2031-05-31');
      expect(res.status).to.equal(200);
      expect(res.body.shifts).to.have.length(1);
      expect(res.body.shifts[0]).to.include({ min_staffing: 3, assigned: 1, shortfall: 2, shift_date: '2031-05-05' });
    });

    it('when downloading CSV, then cells that a spreadsheet would run as formulas are escaped, and the export is audited', async () => {
      const res = await rep.officer.get('/scheduling/reports/member-hours?start_date=2031-05-01&end_date=2031-05-31&format=csv');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.contain('member-hours-2031-05-01-2031-05-31.csv');
      expect(res.text.split('\r\n')[0]).to.equal('"user_id","user_name","shifts","hours"');
      expect(res.text).to.contain(`"'=HYPERLINK(""http://x"") `);
      expect(res.text).not.to.match(/(^|,)"=/m);
      const cov = await rep.officer.get('/scheduling/reports/coverage?start_date=2031-05-01&end_date=2031-05-31&format=csv');
      expect(cov.text.split('\r\n').filter(Boolean)).to.have.length(2);
      expect(await auditEntries(rep.org.id, 'scheduling.report-exported')).to.have.length(2);
    });

    it('when the range is reversed, too wide or missing, or the caller lacks scheduling.report, then 400 / 422 / 403', async () => {
      expect((await rep.officer.get('/scheduling/reports/coverage?start_date=2031-05-31&end_date=2031-05-01')).status).to.equal(400);
      expect((await rep.officer.get('/scheduling/reports/coverage?start_date=2030-01-01&end_date=2031-05-01')).status).to.equal(400);
      expect((await rep.officer.get('/scheduling/reports/coverage')).status).to.equal(422);
      expect((await rep.officer.get('/scheduling/reports/coverage?start_date=2031-05-01&end_date=2031-05-31&format=xls')).status).to.equal(422);
      expect((await rep.member.get('/scheduling/reports/coverage?start_date=2031-05-01&end_date=2031-05-31')).status).to.equal(403);
    });

    it('when another organization reads its reports, then none of these rows appear', async () => {
      const res = await d.officer.get('/scheduling/reports/member-hours?start_date=2031-05-01&end_date=2031-05-31');
      expect(res.body.members.map((m: { user_id: string }) => m.user_id)).not.to.include(evil.id);
    });
  });
});
