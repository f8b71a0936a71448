import { expect } from 'chai';
import supertest from 'supertest';
import { auditEntries, signedIn, UNKNOWN_ID } from '../../support/identity';
import { app } from '../../core/identity/support/members';
import { createCourse, createRequirement, expect422, expectStatus, trainingWorld, type TrainingWorld } from './support';

describe('training API: courses, categories and requirements', () => {
  let w: TrainingWorld;

  before(async () => {
    w = await trainingWorld();
  });

  describe('courses', () => {
    it('when the training officer creates a course, then it is 201 with the SPA shape, listed, and audited in the organization', async () => {
      const res = await w.officer.post('/training/courses', { name: 'EVOC', training_type: 'certification', duration_hours: 16, expiration_months: 24, code: 'EVOC-1' });
      expectStatus(res, 201);
      expect(res.body).to.include({ name: 'EVOC', training_type: 'certification', duration_hours: 16, expiration_months: 24, active: true, organization_id: w.org.id, program_id: null });
      expect(res.body.prerequisites).to.deep.equal([]);
      expect(res.body.created_at).to.match(/Z$/);
      const list = await w.member.get('/training/courses');
      expectStatus(list, 200);
      expect(list.body.map((c: { id: string }) => c.id)).to.include(res.body.id);
      const audit = await auditEntries(w.org.id, 'training.course-created');
      expect(audit.map((a) => a.resourceId)).to.include(res.body.id);
    });

    it('when a course is deactivated, then active_only (the default) hides it and active_only=false shows it', async () => {
      const course = await createCourse(w.officer);
      expectStatus(await w.officer.patch(`/training/courses/${course.id}`, { active: false }), 200);
      expect((await w.member.get('/training/courses')).body.map((c: { id: string }) => c.id)).to.not.include(course.id);
      expect((await w.member.get('/training/courses?active_only=false')).body.map((c: { id: string }) => c.id)).to.include(course.id);
    });

    it('when the body is bad (unknown type, extra property, negative hours, unknown prerequisite), then 422 names each field', async () => {
      expect422(await w.officer.post('/training/courses', { name: 'X', training_type: 'juggling' }), 'training_type');
      expect422(await w.officer.post('/training/courses', { name: 'X', training_type: 'refresher', organization_id: w.foreign.org.id }), 'organization_id');
      expect422(await w.officer.post('/training/courses', { name: 'X', training_type: 'refresher', duration_hours: -1 }), 'duration_hours');
      expect422(await w.officer.post('/training/courses', { name: 'X', training_type: 'refresher', prerequisites: [UNKNOWN_ID] }), 'prerequisites');
      expect422(await w.officer.post('/training/courses', { name: '', training_type: 'refresher' }), 'name');
    });

    it('when a course of another organization is named, then it is 404 to patch and 422 as a prerequisite, exactly like an unknown one', async () => {
      const foreignCourse = await createCourse(w.foreign);
      expectStatus(await w.officer.patch(`/training/courses/${foreignCourse.id}`, { name: 'Mine now' }), 404, 'LB-TRN-002');
      expectStatus(await w.officer.patch(`/training/courses/${UNKNOWN_ID}`, { name: 'Nope' }), 404, 'LB-TRN-002');
      expect422(await w.officer.post('/training/courses', { name: 'X', training_type: 'refresher', prerequisites: [foreignCourse.id] }), 'prerequisites');
      expect((await w.officer.get('/training/courses?active_only=false')).body.map((c: { id: string }) => c.id)).to.not.include(foreignCourse.id);
    });

    it('when a member without training.manage writes, then 403; without a session, 401; with a logged-out session, 401', async () => {
      expectStatus(await w.member.post('/training/courses', { name: 'X', training_type: 'refresher' }), 403, 'LB-AUTH-003');
      expectStatus(await w.lieutenant.post('/training/courses', { name: 'X', training_type: 'refresher' }), 403);
      expectStatus(await supertest(await app()).get('/api/v1/training/courses'), 401);
      const leaving = await signedIn(['training_officer'], { org: w.org });
      expectStatus(await leaving.get('/training/courses'), 200);
      expectStatus(await leaving.post('/auth/logout'), 200);
      expectStatus(await leaving.get('/training/courses'), 401);
    });
  });

  describe('categories', () => {
    it('when categories nest, then they list by sort order with their parent, and a cycle is refused', async () => {
      const parent = await w.officer.post('/training/categories', { name: 'Fire', sort_order: 2, color: '#d32f2f' });
      expectStatus(parent, 201);
      const child = await w.officer.post('/training/categories', { name: 'Hazmat', sort_order: 1, parent_category_id: parent.body.id });
      expectStatus(child, 201);
      const list = await w.member.get('/training/categories');
      const ours = list.body.filter((c: { id: string }) => [parent.body.id, child.body.id].includes(c.id));
      expect(ours.map((c: { name: string }) => c.name)).to.deep.equal(['Hazmat', 'Fire']);
      expect(ours[0].parent_category_id).to.equal(parent.body.id);
      expect422(await w.officer.patch(`/training/categories/${parent.body.id}`, { parent_category_id: child.body.id }), 'parent_category_id');
      expect422(await w.officer.patch(`/training/categories/${parent.body.id}`, { parent_category_id: parent.body.id }), 'parent_category_id');
      expect422(await w.officer.post('/training/categories', { name: 'Bad colour', color: 'red;' }), 'color');
    });

    it('when another organization\'s category is used, then 404 to patch and 422 as a parent', async () => {
      const foreign = await w.foreign.post('/training/categories', { name: 'Theirs' });
      expectStatus(await w.officer.patch(`/training/categories/${foreign.body.id}`, { name: 'Ours' }), 404, 'LB-TRN-003');
      expect422(await w.officer.post('/training/categories', { name: 'Child', parent_category_id: foreign.body.id }), 'parent_category_id');
    });
  });

  describe('requirements', () => {
    it('when every requirement type is created, then each is 201 and listed with its fields', async () => {
      const course = await createCourse(w.officer);
      const bodies = [
        { name: 'CE hours', requirement_type: 'hours', required_hours: 36, training_type: 'continuing_education' },
        { name: 'Orientation courses', requirement_type: 'courses', required_courses: [course.id], frequency: 'one_time' },
        { name: 'EMT', requirement_type: 'certification', registry_code: 'NREMT', frequency: 'biannual', due_date_type: 'certification_period' },
        { name: 'Shifts', requirement_type: 'shifts', required_shifts: 12 },
        { name: 'Calls', requirement_type: 'calls', required_calls: 20, required_call_types: ['ems'], due_date_type: 'rolling', rolling_period_months: 12 },
        { name: 'Skills', requirement_type: 'skills_evaluation', required_skills: ['SCBA donning'] },
        { name: 'Checklist', requirement_type: 'checklist', checklist_items: [{ id: 'a', text: 'Read SOGs', member_visible: true }] },
        { name: 'Quiz', requirement_type: 'knowledge_test', passing_score: 80, max_attempts: 3, frequency: 'quarterly' },
      ];
      for (const body of bodies) {
        const res = await w.officer.post('/training/requirements', { frequency: 'annual', ...body });
        expectStatus(res, 201);
        expect(res.body).to.include({ name: body.name, requirement_type: body.requirement_type, organization_id: w.org.id, active: true, applies_to_all: true, source: 'department' });
      }
      const list = await w.officer.get('/training/requirements?active_only=false');
      expect(list.body.map((r: { name: string }) => r.name)).to.include.members(bodies.map((b) => b.name));
      const calls = list.body.find((r: { name: string }) => r.name === 'Calls');
      expect(calls).to.include({ due_date_type: 'rolling', rolling_period_months: 12, required_calls: 20, config_warning: null });
    });

    it('when the body is bad, then 422 names the field (missing frequency, a bad date, Apr 31, due before start, an unknown course)', async () => {
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'hours' }), 'frequency');
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'hours', frequency: 'annual', due_date: '2025-02-30' }), 'due_date');
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'hours', frequency: 'annual', period_start_month: 4, period_start_day: 31, period_end_month: 3, period_end_day: 31 }), 'period_start_day');
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'hours', frequency: 'annual', start_date: '2025-06-01', due_date: '2025-05-01' }), 'due_date');
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'courses', frequency: 'annual', required_courses: [UNKNOWN_ID] }), 'required_courses');
      expect422(await w.officer.post('/training/requirements', { name: 'X', requirement_type: 'hours', frequency: 'weekly' }), 'frequency');
    });

    it('when a requirement is updated and deleted, then each is audited, and the year and active_only filters apply', async () => {
      const r = await createRequirement(w.officer, { name: 'Year-bound', requirement_type: 'hours', required_hours: 4, year: 2031 });
      const patched = await w.officer.patch(`/training/requirements/${r.id}`, { required_hours: 6, active: false });
      expectStatus(patched, 200);
      expect(patched.body).to.include({ required_hours: 6, active: false });
      expect((await w.officer.get('/training/requirements')).body.map((x: { id: string }) => x.id)).to.not.include(r.id);
      expect((await w.officer.get('/training/requirements?active_only=false&year=2031')).body.map((x: { id: string }) => x.id)).to.include(r.id);
      expect((await w.officer.get('/training/requirements?active_only=false&year=2030')).body.map((x: { id: string }) => x.id)).to.not.include(r.id);
      expectStatus(await w.officer.del(`/training/requirements/${r.id}`), 204);
      expectStatus(await w.officer.del(`/training/requirements/${r.id}`), 404, 'LB-TRN-005');
      const updated = await auditEntries(w.org.id, 'training.requirement-updated');
      expect(updated.find((a) => a.resourceId === r.id)?.eventData).to.deep.include({ changed: ['active', 'required_hours'] });
      expect((await auditEntries(w.org.id, 'training.requirement-deleted')).map((a) => a.resourceId)).to.include(r.id);
    });

    it('when another organization\'s requirement is patched or deleted, then 404 and it is unchanged', async () => {
      const theirs = await createRequirement(w.foreign, { name: 'Theirs', requirement_type: 'hours', required_hours: 1 });
      expectStatus(await w.officer.patch(`/training/requirements/${theirs.id}`, { required_hours: 99 }), 404);
      expectStatus(await w.officer.del(`/training/requirements/${theirs.id}`), 404);
      const still = await w.foreign.get('/training/requirements');
      expect(still.body.find((r: { id: string }) => r.id === theirs.id)).to.include({ required_hours: 1 });
    });

    it('when a plain member deletes a requirement, then 403 and the denial is audited', async () => {
      const r = await createRequirement(w.officer, { name: 'Protected', requirement_type: 'hours', required_hours: 1 });
      expectStatus(await w.member.del(`/training/requirements/${r.id}`), 403);
      const denials = await auditEntries(w.org.id, 'auth.permission-denied');
      expect(denials.some((d) => d.userId === w.member.user.id)).to.equal(true);
    });
  });
});
