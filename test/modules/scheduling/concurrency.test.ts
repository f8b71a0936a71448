import { expect } from 'chai';
import supertest from 'supertest';
import { actorFor, department, quickMembers, shiftRow, HOUR, type Department } from './support';
import { getTestKernel } from '../../support/kernel';
import { PasswordHasher } from '../../../core/security/passwords/password-hasher';
import { User } from '../../../core/identity/models/user.model';
import { asSpa, loginAs, resetLoginThrottles, DEFAULT_PASSWORD } from '../../core/identity/support/members';
import { AssignmentsService } from '../../../modules/scheduling/services/assignments.service';
import { Assignment } from '../../../modules/scheduling/models/assignment.model';
import { AppError } from '../../../core/http/errors';
import type { Express } from 'express';

/** Runs every call at once; returns how many succeeded and the codes of the refusals. */
async function race(calls: Array<() => Promise<unknown>>): Promise<{ ok: number; codes: string[] }> {
  const results = await Promise.allSettled(calls.map((c) => c()));
  const codes: string[] = [];
  let ok = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') ok += 1;
    else if (r.reason instanceof AppError) codes.push(`${r.reason.status} ${r.reason.code}`);
    else throw r.reason;
  }
  return { ok, codes };
}

describe('scheduling: seat and double-booking invariants under concurrency (MariaDB row locks + unique keys)', function () {
  this.timeout(120_000);
  let d: Department;
  let service: AssignmentsService;

  before(async () => {
    d = await department('Race Point Fire');
    service = (await getTestKernel()).container.get(AssignmentsService);
  });

  it('when 50 signed-in members sign up for the last seat over HTTP at once, then exactly one gets 201 and 49 get 409 with a clear message', async () => {
    const hash = await (await getTestKernel()).container.get(PasswordHasher).hash(DEFAULT_PASSWORD);
    const members = await quickMembers(d.org, 50);
    await User.update({ passwordHash: hash, passwordChangedAt: new Date() }, { where: { id: members.map((m) => m.id) } });
    await resetLoginThrottles();
    const jars = [];
    for (const m of members) jars.push(await loginAs({ username: m.username, password: DEFAULT_PASSWORD }));
    const shift = await shiftRow(d.org, { inHours: 24, seats: ['driver', 'firefighter'] });
    await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: d.member.user.id, position: 'driver' });
    const app = (await getTestKernel()).app as Express;
    const responses = await Promise.all(jars.map((jar) => asSpa(supertest(app).post(`/api/v1/scheduling/shifts/${shift.id}/signup`), jar).send({ position: 'firefighter' })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    const refused = responses.find((r) => r.status === 409)!;
    expect(refused.body).to.deep.include({ code: 'LB-SCHED-019', detail: 'The firefighter seat on this shift is already taken.' });
    expect(await Assignment.count({ where: { shiftId: shift.id, assignmentStatus: 'assigned' } })).to.equal(2);
  });

  it('when 50 members race for the last seat of a shift, 100 times over, then every time exactly one wins and 49 are refused LB-SCHED-019', async () => {
    const members = await quickMembers(d.org, 50);
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      // Each round on its own time slot, so earlier winners never clash by overlap.
      const shift = await shiftRow(d.org, { start: new Date(Date.UTC(2032, 0, 1) + i * 13 * HOUR), seats: ['firefighter'] });
      const result = await race(members.map((m) => () => service.signUp(actorFor(m), shift.id, 'firefighter')));
      expect(result.ok, `round ${i}`).to.equal(1);
      expect(result.codes, `round ${i}`).to.deep.equal(Array(49).fill('409 LB-SCHED-019'));
      expect(await Assignment.count({ where: { shiftId: shift.id } }), `round ${i}`).to.equal(1);
    }
    expect(Date.now() - started, 'the 100 rounds stay fast').to.be.below(60_000);
  });

  it('when one member signs up for 5 overlapping shifts at once, 100 times over, then they end up on exactly one (no double booking)', async () => {
    const [m] = await quickMembers(d.org, 1);
    for (let i = 0; i < 100; i++) {
      const base = Date.UTC(2033, 0, 1) + i * 30 * HOUR;
      const shifts = await Promise.all([0, 1, 2, 3, 4].map((k) => shiftRow(d.org, { start: new Date(base + k * HOUR), hours: 12, seats: ['firefighter', 'firefighter'] })));
      const result = await race(shifts.map((s) => () => service.signUp(actorFor(m), s.id, 'firefighter')));
      expect(result.ok, `round ${i}`).to.equal(1);
      expect(result.codes, `round ${i}`).to.deep.equal(Array(4).fill('409 LB-SCHED-016'));
    }
  });

  it('when an officer assigns the same member to one shift twice at once and the member signs up meanwhile, 100 times over, then one active assignment exists', async () => {
    const [m] = await quickMembers(d.org, 1);
    const officer = actorFor(d.officer.user, ['scheduling.assign', 'scheduling.view']);
    for (let i = 0; i < 100; i++) {
      const shift = await shiftRow(d.org, { start: new Date(Date.UTC(2034, 0, 1) + i * 13 * HOUR), seats: ['driver', 'firefighter', 'firefighter'] });
      const result = await race([
        () => service.assign(officer, shift.id, { user_id: m.id, position: 'driver' }),
        () => service.assign(officer, shift.id, { user_id: m.id, position: 'firefighter' }),
        () => service.signUp(actorFor(m), shift.id, 'firefighter'),
      ]);
      expect(result.ok, `round ${i}`).to.equal(1);
      expect(result.codes, `round ${i}`).to.deep.equal(['409 LB-SCHED-015', '409 LB-SCHED-015']);
    }
  });
});
