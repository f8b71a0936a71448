import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { auditEntries, createMember, UNKNOWN_ID } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { User } from '../../../core/identity/models/user.model';
import { CAPABILITIES, type ShiftActivityProvider } from '../../../core/modules/capabilities';
import { TrainingContext } from '../../../modules/training/services/training-context';
import { ComplianceSnapshots } from '../../../modules/training/services/compliance-snapshot';
import { ComplianceService } from '../../../modules/training/services/compliance.service';
import { addDays } from '../../../modules/training/engine/civil-date';
import { createRecord, createRequirement, expect422, expectStatus, trainingWorld, type TrainingWorld } from './support';

/**
 * Counts the SQL statements a piece of work sends, on its second run (the first warms the
 * per-process settings cache, whose expiry would otherwise add a statement at random).
 */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const kernel = await getTestKernel();
  await work();
  let count = 0;
  const hook = () => { count++; };
  kernel.db.sequelize.addHook('beforeQuery', 'training-count', hook);
  try {
    await work();
  } finally {
    kernel.db.sequelize.removeHook('beforeQuery', 'training-count');
  }
  return count;
}

describe('training API: compliance, expiring certifications, dashboard, my training, settings', () => {
  let w: TrainingWorld;
  let today: string;
  let emt: { id: string; name: string };

  before(async () => {
    w = await trainingWorld();
    today = await (await getTestKernel()).container.get(TrainingContext).today(w.org.id);
    await createRequirement(w.officer, { name: 'CE hours', requirement_type: 'hours', required_hours: 10, training_type: 'continuing_education' });
    emt = await createRequirement(w.officer, { name: 'EMT Certification', requirement_type: 'certification', registry_code: 'NREMT', frequency: 'biannual' });
    // member: 6 of 10 CE hours, a current EMT certification expiring in 45 days -> 1 of 2 met, yellow.
    await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'CE drill', training_type: 'continuing_education', completion_date: today, hours_completed: 6 });
    await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'EMT-Basic', training_type: 'certification', completion_date: addDays(today, -700), expiration_date: addDays(today, 45), certification_number: 'NREMT-B-1' });
    // other: 12 CE hours, an EMT certification that expired 5 days ago -> red.
    await createRecord(w.officer, { user_id: w.other.user.id, course_name: 'CE drill', training_type: 'continuing_education', completion_date: today, hours_completed: 12 });
    await createRecord(w.officer, { user_id: w.other.user.id, course_name: 'EMT-Basic', training_type: 'certification', completion_date: addDays(today, -735), expiration_date: addDays(today, -5), certification_number: 'NREMT-B-2' });
  });

  describe('GET /training/compliance-summary/{uid}', () => {
    it('when a member reads their own summary, then the counts and the light are the engine\'s (1 of 2 met, a cert expiring soon: yellow)', async () => {
      const res = await w.member.get(`/training/compliance-summary/${w.member.user.id}`);
      expectStatus(res, 200);
      expect(res.body).to.deep.equal({
        user_id: w.member.user.id, requirements_met: 1, requirements_total: 2, certs_expiring_soon: 1, certs_expired: 0,
        compliance_status: 'yellow', compliance_label: 'At Risk', hours_this_year: 6, active_certifications: 1, is_exempt: false,
      });
    });

    it('when an officer reads a member with an expired certification, then red; a plain member reading someone else is 403', async () => {
      const res = await w.lieutenant.get(`/training/compliance-summary/${w.other.user.id}`);
      expect(res.body).to.include({ compliance_status: 'red', certs_expired: 1, requirements_met: 1, requirements_total: 2 });
      expectStatus(await w.member.get(`/training/compliance-summary/${w.other.user.id}`), 403);
    });

    it('when the member is of another organization, unknown, or not a UUID, then 404, 404 and 422', async () => {
      expectStatus(await w.foreign.get(`/training/compliance-summary/${w.member.user.id}`), 404, 'LB-TRN-001');
      expectStatus(await w.officer.get(`/training/compliance-summary/${UNKNOWN_ID}`), 404);
      expect422(await w.officer.get('/training/compliance-summary/nope'), 'uid');
    });

    it('when a member is compliance-exempt, then the light is exempt', async () => {
      const exempt = await createMember({ org: w.org });
      await User.update({ complianceExempt: true }, { where: { id: exempt.user.id } });
      const res = await w.officer.get(`/training/compliance-summary/${exempt.user.id}`);
      expect(res.body).to.include({ compliance_status: 'exempt', compliance_label: 'Exempt', is_exempt: true });
    });
  });

  describe('waivers', () => {
    it('when a blanket waiver covers the whole year, then 10 CE hours scale to 10 x 1/12 and the member meets it; revoking it restores the target', async () => {
      const year = today.slice(0, 4);
      const created = await w.officer.post('/training/waivers', { user_id: w.member.user.id, waiver_type: 'medical', reason: 'Knee surgery', start_date: `${year}-01-01`, end_date: `${year}-12-31` });
      expectStatus(created, 201);
      expect(created.body).to.include({ waiver_type: 'medical', requirement_ids: null, active: true });
      expect((await w.member.get(`/training/compliance-summary/${w.member.user.id}`)).body.requirements_met).to.equal(2);
      const mine = await w.member.get('/training/module-config/my-training');
      const ce = mine.body.requirements_detail.find((r: { name: string }) => r.name === 'CE hours');
      expect(ce).to.include({ required: 0.83, waived_months: 12, status: 'completed' });
      // The reason is stored encrypted, and never reaches the audit log.
      const kernel = await getTestKernel();
      const [row] = await kernel.db.sequelize.query<{ reason: string }>('SELECT reason FROM training_waivers WHERE id = :id', { type: QueryTypes.SELECT, replacements: { id: created.body.id } });
      expect(row.reason).to.match(/^\$gcm2\$/);
      const audit = (await auditEntries(w.org.id, 'training.waiver-created')).find((a) => a.resourceId === created.body.id);
      expect(JSON.stringify(audit?.eventData)).to.not.contain('Knee');
      expectStatus(await w.officer.del(`/training/waivers/${created.body.id}`), 204);
      expect((await w.member.get(`/training/compliance-summary/${w.member.user.id}`)).body.requirements_met).to.equal(1);
      const list = await w.officer.get(`/training/waivers?user_id=${w.member.user.id}`);
      expect(list.body.find((x: { id: string }) => x.id === created.body.id)).to.include({ active: false, reason: 'Knee surgery' });
    });

    it('when a waiver is bad or foreign, then 422 names the field, 404 for another organization\'s waiver, 403 for members', async () => {
      expect422(await w.officer.post('/training/waivers', { user_id: w.member.user.id, waiver_type: 'leave', start_date: '2025-05-01', end_date: '2025-04-01' }), 'end_date');
      expect422(await w.officer.post('/training/waivers', { user_id: w.member.user.id, waiver_type: 'vacation', start_date: '2025-05-01' }), 'waiver_type');
      expect422(await w.officer.post('/training/waivers', { user_id: w.foreign.user.id, waiver_type: 'leave', start_date: '2025-05-01' }), 'user_id');
      const theirReq = await createRequirement(w.foreign, { name: 'Theirs', requirement_type: 'hours', required_hours: 1 });
      expect422(await w.officer.post('/training/waivers', { user_id: w.member.user.id, waiver_type: 'leave', start_date: '2025-05-01', requirement_ids: [theirReq.id] }), 'requirement_ids');
      const theirs = await w.foreign.post('/training/waivers', { user_id: w.foreign.user.id, waiver_type: 'military', start_date: '2025-01-01' });
      expectStatus(await w.officer.del(`/training/waivers/${theirs.body.id}`), 404, 'LB-TRN-006');
      expectStatus(await w.member.post('/training/waivers', { user_id: w.member.user.id, waiver_type: 'leave', start_date: '2025-05-01' }), 403);
    });
  });

  describe('GET /training/expiring-certifications and /training/dashboard-summary', () => {
    it('when an officer asks for 90 days, then expired and expiring certifications come soonest first, matched to the requirement', async () => {
      const res = await w.lieutenant.get('/training/expiring-certifications?days=90');
      expectStatus(res, 200);
      const ours = res.body.filter((e: { user_id: string }) => [w.member.user.id, w.other.user.id].includes(e.user_id));
      expect(ours.map((e: { user_id: string; days_until_expiry: number; status: string; requirement_id: string; requirement_name: string }) =>
        [e.user_id, e.days_until_expiry, e.status, e.requirement_id, e.requirement_name])).to.deep.equal([
        [w.other.user.id, -5, 'expired', emt.id, 'EMT Certification'],
        [w.member.user.id, 45, 'expiring_soon', emt.id, 'EMT Certification'],
      ]);
      expect(ours[0].member_name).to.equal('Pat Rivera');
      const short = await w.officer.get('/training/expiring-certifications?days=30');
      expect(short.body.map((e: { user_id: string }) => e.user_id)).to.include(w.other.user.id).and.not.include(w.member.user.id);
    });

    it('when a plain member asks, or days is out of range, then 403 and 422', async () => {
      expectStatus(await w.member.get('/training/expiring-certifications'), 403);
      expect422(await w.officer.get('/training/expiring-certifications?days=400'), 'days');
      expectStatus(await w.member.get('/training/dashboard-summary'), 403);
      expect422(await w.officer.get('/training/dashboard-summary?expiration_days=0'), 'expiration_days');
    });

    it('when the officer opens the dashboard, then every member is evaluated once and the counts add up', async () => {
      const res = await w.officer.get('/training/dashboard-summary?expiration_days=90');
      expectStatus(res, 200);
      const b = res.body;
      expect(b.status_counts.green + b.status_counts.yellow + b.status_counts.red + b.status_counts.exempt).to.equal(b.total_members);
      expect(b.status_counts.red).to.be.at.least(1);
      expect(b.status_counts.yellow).to.be.at.least(1);
      expect(b).to.include({ compliant_members: b.status_counts.green, total_requirements: 2, not_evaluable_requirements: 0, expired_count: 1, expiring_count: 1, expiration_days: 90 });
    });

    it('when more members with records join, then the dashboard\'s evaluation sends the same number of SQL statements (no query per member)', async () => {
      // Counted below the HTTP layer: the session's once-a-minute activity write must not make this flaky.
      const snapshots = (await getTestKernel()).container.get(ComplianceSnapshots);
      const compliance = (await getTestKernel()).container.get(ComplianceService);
      const evaluateAll = async () => {
        const snap = await snapshots.load(w.org.id);
        for (const id of snap.members.keys()) compliance.evaluate(snap, id);
        return snap.members.size;
      };
      const membersBefore = await evaluateAll();
      const before = await countQueries(evaluateAll);
      for (let i = 0; i < 6; i++) {
        const m = await createMember({ org: w.org });
        await createRecord(w.officer, { user_id: m.user.id, course_name: 'CE drill', training_type: 'continuing_education', completion_date: today, hours_completed: i });
      }
      const after = await countQueries(evaluateAll);
      expect(await evaluateAll()).to.equal(membersBefore + 6);
      expect(before).to.be.greaterThan(0);
      expect(after).to.equal(before);
    });
  });

  describe('shifts and calls through the scheduling capability', () => {
    it('when no module provides shift counts, then a shifts requirement is not evaluable; when one does, it counts (and is queried once, not per member)', async () => {
      const kernel = await getTestKernel();
      const shifts = await createRequirement(w.officer, { name: 'Shifts', requirement_type: 'shifts', required_shifts: 2 });
      const bound = kernel.container.isBound(CAPABILITIES.shiftActivity);
      const previous = bound ? kernel.container.get<ShiftActivityProvider>(CAPABILITIES.shiftActivity) : null;
      if (bound) kernel.container.unbind(CAPABILITIES.shiftActivity);
      try {
        const without = await w.member.get('/training/module-config/my-training');
        expect(without.body.requirements_detail.find((r: { name: string }) => r.name === 'Shifts')).to.include({ status: 'not_evaluable', met: null });
        expect((await w.officer.get('/training/dashboard-summary')).body.not_evaluable_requirements).to.equal(1);
        let calls = 0;
        const fake: ShiftActivityProvider = {
          async countShifts(organizationId, userIds) {
            calls++;
            expect(organizationId).to.equal(w.org.id);
            return new Map(userIds.filter((u) => u === w.member.user.id).map((u) => [u, 3]));
          },
          async countCalls() { return null; },
        };
        kernel.container.bind(CAPABILITIES.shiftActivity).toConstantValue(fake);
        const summary = await w.member.get(`/training/compliance-summary/${w.member.user.id}`);
        expect(summary.body).to.include({ requirements_total: 3, requirements_met: 2 });
        calls = 0;
        await w.officer.get('/training/dashboard-summary');
        expect(calls).to.equal(1);
      } finally {
        if (kernel.container.isBound(CAPABILITIES.shiftActivity)) kernel.container.unbind(CAPABILITIES.shiftActivity);
        if (previous) kernel.container.bind(CAPABILITIES.shiftActivity).toConstantValue(previous);
        await w.officer.del(`/training/requirements/${shifts.id}`);
      }
    });
  });

  describe('GET /training/module-config/my-training and config', () => {
    it('when a member opens My Training, then their records, hours, certifications and requirement progress come back with the visibility flags', async () => {
      const res = await w.member.get('/training/module-config/my-training');
      expectStatus(res, 200);
      expect(res.body.visibility).to.include({ show_training_history: true, show_certification_status: true, rating_scale_type: 'stars' });
      expect(res.body.training_records.every((r: { user_id: string }) => r.user_id === w.member.user.id)).to.equal(true);
      expect(res.body.hours_summary).to.include({ total_records: 2, total_hours: 6, completed_courses: 2 });
      expect(res.body.certifications).to.have.length(1);
      expect(res.body.certifications[0]).to.include({ course_name: 'EMT-Basic', is_expired: false, days_until_expiry: 45, certification_number: 'NREMT-B-1' });
      expect(res.body.requirements_summary).to.include({ requirements_met: 1, requirements_total: 2, compliance_status: 'yellow' });
      expect(res.body).to.include.keys('enrollments', 'shift_reports', 'submissions');
    });

    it('when the officer hides the history, then My Training omits it; the change is validated, audited, and members cannot make it', async () => {
      const patched = await w.officer.patch('/training/module-config/config', { visibility: { show_training_history: false } });
      expectStatus(patched, 200);
      expect(patched.body.visibility).to.include({ show_training_history: false, show_training_hours: true });
      const config = await w.member.get('/training/module-config/config');
      expect(config.body).to.include({ shift_reports_enabled: true, expiring_soon_days: 90 });
      expect(config.body.visibility.show_training_history).to.equal(false);
      const mine = await w.member.get('/training/module-config/my-training');
      expect(mine.body).to.not.have.property('training_records');
      expect(mine.body).to.have.property('hours_summary');
      expect(await auditEntries(w.org.id, 'training.settings-updated')).to.have.length(1);
      expect422(await w.officer.patch('/training/module-config/config', { expiring_soon_days: 0 }), 'expiring_soon_days');
      const both = await w.officer.patch('/training/module-config/config', { position_qualifications: [{ position: 'driver', label: 'EVOC', course_ids: [UNKNOWN_ID], requirement_id: UNKNOWN_ID }] });
      expect(both.status).to.equal(422);
      expectStatus(await w.member.patch('/training/module-config/config', { shift_reports_enabled: false }), 403);
      // Another organization's settings are untouched.
      expect((await w.foreign.get('/training/module-config/config')).body.visibility.show_training_history).to.equal(true);
    });
  });

  describe('the module gate', () => {
    it('when training is off for one organization, then its training routes are 404 there and still work elsewhere; on again, they are back', async () => {
      const kernel = await getTestKernel();
      await kernel.moduleConfig.setEnabled(w.foreign.org.id, 'training', false);
      try {
        expectStatus(await w.foreign.get('/training/courses'), 404, 'LB-MOD-001');
        expectStatus(await w.foreign.get('/training/module-config/my-training'), 404, 'LB-MOD-001');
        expectStatus(await w.foreign.post('/training/courses', { name: 'X', training_type: 'refresher' }), 404);
        expectStatus(await w.officer.get('/training/courses'), 200);
      } finally {
        await kernel.moduleConfig.setEnabled(w.foreign.org.id, 'training', true);
      }
      expectStatus(await w.foreign.get('/training/courses'), 200);
    });

    it('when the SPA calls programs, sessions or skills testing (not in this issue), then 404, never 401 or 503', async () => {
      expectStatus(await w.member.get('/training/programs/enrollments/me?status=active'), 404);
      expectStatus(await w.member.get('/training/skills-testing/tests'), 404);
    });
  });
});
