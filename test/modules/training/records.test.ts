import { expect } from 'chai';
import { auditEntries, UNKNOWN_ID } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { createCourse, createRecord, expect422, expectStatus, trainingWorld, type TrainingWorld } from './support';
import { TrainingContext } from '../../../modules/training/services/training-context';
import { addDays } from '../../../modules/training/engine/civil-date';

describe('training API: records', () => {
  let w: TrainingWorld;
  let today: string;

  before(async () => {
    w = await trainingWorld();
    today = await (await getTestKernel()).container.get(TrainingContext).today(w.org.id);
  });

  it('when a completed record of a course with expiration_months has no expiration date, then it is derived and clamped to month end', async () => {
    const monthly = await createCourse(w.officer, { name: 'Monthly check', training_type: 'certification', expiration_months: 1, duration_hours: 2 });
    const leap = await createRecord(w.officer, { user_id: w.member.user.id, course_id: monthly.id, completion_date: '2024-01-31', certification_number: 'M-1' });
    expect(leap).to.include({ expiration_date: '2024-02-29', course_name: 'Monthly check', training_type: 'certification', hours_completed: 2, status: 'completed' });
    const plain = await createRecord(w.officer, { user_id: w.member.user.id, course_id: monthly.id, completion_date: '2025-01-31' });
    expect(plain.expiration_date).to.equal('2025-02-28');
    const given = await createRecord(w.officer, { user_id: w.member.user.id, course_id: monthly.id, completion_date: '2025-01-31', expiration_date: '2025-12-31' });
    expect(given.expiration_date).to.equal('2025-12-31');
    const scheduled = await createRecord(w.officer, { user_id: w.member.user.id, course_id: monthly.id, status: 'scheduled', scheduled_date: '2025-01-31' });
    expect(scheduled.expiration_date).to.equal(null);
    // Completing it later derives the date then.
    const done = await w.officer.patch(`/training/records/${scheduled.id}`, { status: 'completed', completion_date: '2025-03-31' });
    expectStatus(done, 200);
    expect(done.body.expiration_date).to.equal('2025-04-30');
  });

  it('when the body is bad, then 422 names the field (no course and no name, an impossible date, expiry before completion, a member or course of another organization)', async () => {
    const foreignCourse = await createCourse(w.foreign);
    expect422(await w.officer.post('/training/records', { user_id: w.member.user.id, hours_completed: 2 }), 'course_name');
    expect422(await w.officer.post('/training/records', { user_id: w.member.user.id, course_name: 'X', training_type: 'refresher', completion_date: '2025-02-30' }), 'completion_date');
    expect422(await w.officer.post('/training/records', { user_id: w.member.user.id, course_name: 'X', training_type: 'refresher', completion_date: '2025-03-01', expiration_date: '2025-02-01' }), 'expiration_date');
    expect422(await w.officer.post('/training/records', { user_id: w.foreign.user.id, course_name: 'X', training_type: 'refresher' }), 'user_id');
    expect422(await w.officer.post('/training/records', { user_id: w.member.user.id, course_id: foreignCourse.id }), 'course_id');
    expect422(await w.officer.post('/training/records', { user_id: w.member.user.id, course_name: 'X', training_type: 'refresher', status: 'done' }), 'status');
    expect422(await w.officer.post('/training/records', { user_id: 'not-a-uuid', course_name: 'X', training_type: 'refresher' }), 'user_id');
  });

  it('when a member lists records, then only their own come back, newest first; asking for someone else\'s is 403', async () => {
    await createRecord(w.officer, { user_id: w.other.user.id, course_name: 'Ladders', training_type: 'skills_practice', completion_date: '2025-05-01', hours_completed: 3 });
    await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'Hose', training_type: 'skills_practice', completion_date: '2025-06-01', hours_completed: 2 });
    await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'Pumps', training_type: 'skills_practice', completion_date: '2025-07-01', hours_completed: 2 });
    const mine = await w.member.get('/training/records');
    expectStatus(mine, 200);
    expect(mine.body.every((r: { user_id: string }) => r.user_id === w.member.user.id)).to.equal(true);
    const dated = mine.body.filter((r: { completion_date: string | null }) => r.completion_date).map((r: { completion_date: string }) => r.completion_date);
    expect(dated).to.deep.equal([...dated].sort().reverse());
    expectStatus(await w.member.get(`/training/records?user_id=${w.other.user.id}`), 403);
    const own = await w.member.get(`/training/records?user_id=${w.member.user.id}`);
    expect(own.body.length).to.equal(mine.body.length);
  });

  it('when an officer lists, then the organization\'s records come back, filtered by member, status and dates; another organization\'s member is 404', async () => {
    const all = await w.lieutenant.get('/training/records');
    expect(new Set(all.body.map((r: { user_id: string }) => r.user_id))).to.include(w.other.user.id).and.include(w.member.user.id);
    const theirs = await w.lieutenant.get(`/training/records?user_id=${w.other.user.id}`);
    expect(theirs.body.map((r: { course_name: string }) => r.course_name)).to.deep.equal(['Ladders']);
    const june = await w.officer.get(`/training/records?user_id=${w.member.user.id}&start_date=2025-06-01&end_date=2025-06-30`);
    expect(june.body.map((r: { course_name: string }) => r.course_name)).to.deep.equal(['Hose']);
    const scheduled = await w.officer.get(`/training/records?user_id=${w.member.user.id}&status=scheduled`);
    expect(scheduled.body.every((r: { status: string }) => r.status === 'scheduled')).to.equal(true);
    expectStatus(await w.officer.get(`/training/records?user_id=${w.foreign.user.id}`), 404, 'LB-TRN-001');
    expect422(await w.officer.get('/training/records?start_date=2025-13-01'), 'start_date');
    const foreignList = await w.foreign.get('/training/records');
    expect(foreignList.body.some((r: { organization_id: string }) => r.organization_id === w.org.id)).to.equal(false);
  });

  it('when a record is patched, then the change is audited with field names only; another organization\'s record is 404; members cannot', async () => {
    const r = await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'Review me', training_type: 'refresher', status: 'in_progress', notes: 'private note' });
    const res = await w.officer.patch(`/training/records/${r.id}`, { status: 'completed', completion_date: '2025-08-01', hours_completed: 4, score: 85, passing_score: 70 });
    expectStatus(res, 200);
    expect(res.body).to.include({ status: 'completed', hours_completed: 4, passed: true });
    const audit = (await auditEntries(w.org.id, 'training.record-updated')).find((a) => a.resourceId === r.id);
    expect(audit?.eventData).to.deep.include({ status_from: 'in_progress', status_to: 'completed' });
    expect(JSON.stringify(audit?.eventData)).to.not.contain('private note');
    const foreignRecord = await createRecord(w.foreign, { user_id: w.foreign.user.id, course_name: 'Theirs', training_type: 'refresher' });
    expectStatus(await w.officer.patch(`/training/records/${foreignRecord.id}`, { hours_completed: 99 }), 404, 'LB-TRN-004');
    expectStatus(await w.officer.patch(`/training/records/${UNKNOWN_ID}`, { hours_completed: 1 }), 404);
    expectStatus(await w.member.patch(`/training/records/${r.id}`, { hours_completed: 40 }), 403);
  });

  it('when ten records are created and one is patched five times concurrently, then every request succeeds and each write is audited once', async () => {
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      w.officer.post('/training/records', { user_id: w.other.user.id, course_name: `Parallel ${i}`, training_type: 'refresher', status: 'completed', completion_date: '2025-09-01', hours_completed: 1 })));
    expect(created.map((r) => r.status)).to.deep.equal(Array(10).fill(201));
    const target = created[0].body.id as string;
    const patches = await Promise.all([1, 2, 3, 4, 5].map((h) => w.officer.patch(`/training/records/${target}`, { hours_completed: h })));
    expect(patches.map((p) => p.status)).to.deep.equal([200, 200, 200, 200, 200]);
    const final = (await w.officer.get(`/training/records?user_id=${w.other.user.id}`)).body.find((r: { id: string }) => r.id === target);
    expect([1, 2, 3, 4, 5]).to.include(final.hours_completed);
    const audits = (await auditEntries(w.org.id, 'training.record-updated')).filter((a) => a.resourceId === target);
    expect(audits).to.have.length(5);
  });

  it('when certifications expire within days_ahead, then /certifications/expiring lists them (own for members, all for officers)', async () => {
    const soon = await createRecord(w.officer, { user_id: w.member.user.id, course_name: 'CPR soon', training_type: 'certification', completion_date: '2024-01-01', expiration_date: addDays(today, 10), certification_number: 'C-9' });
    await createRecord(w.officer, { user_id: w.other.user.id, course_name: 'CPR later', training_type: 'certification', completion_date: '2024-01-01', expiration_date: addDays(today, 200), certification_number: 'C-8' });
    const officerView = await w.officer.get('/training/certifications/expiring?days_ahead=30');
    expect(officerView.body.map((r: { id: string }) => r.id)).to.include(soon.id);
    expect(officerView.body.map((r: { course_name: string }) => r.course_name)).to.not.include('CPR later');
    const memberView = await w.other.get('/training/certifications/expiring?days_ahead=365');
    expect(memberView.body.every((r: { user_id: string }) => r.user_id === w.other.user.id)).to.equal(true);
    expect422(await w.officer.get('/training/certifications/expiring?days_ahead=0'), 'days_ahead');
  });
});
