import { expect } from 'chai';
import { actorFor, department, quickMembers, shiftRow, type Department } from './support';
import { getTestKernel } from '../../support/kernel';
import { CAPABILITIES, type PositionQualificationProvider, type QualificationRefusal, type ShiftActivityProvider } from '../../../core/modules/capabilities';
import { AssignmentsService } from '../../../modules/scheduling/services/assignments.service';
import { Shift } from '../../../modules/scheduling/models/shift.model';

/**
 * A stand-in for the training module's provider (another module's interface, not our database):
 * knows the driver seat, and refuses it to members without a current EVOC certification.
 */
class FakeQualifications implements PositionQualificationProvider {
  calls = 0;
  constructor(private readonly qualified: Set<string>) {}
  async knownPositions(_org: string, positions: readonly string[]): Promise<Set<string>> {
    return new Set(positions.filter((p) => p === 'driver'));
  }
  async check(_org: string, userIds: readonly string[], positions: readonly string[]): Promise<Map<string, Map<string, QualificationRefusal | null>>> {
    this.calls += 1;
    const out = new Map<string, Map<string, QualificationRefusal | null>>();
    for (const u of userIds) {
      out.set(u, new Map(positions.map((p) => [p, this.qualified.has(u) ? null : { code: 'SCHED-QUAL-CERT-MISSING', message: 'Alex holds no current EVOC certification, which the driver seat requires' }])));
    }
    return out;
  }
}

describe('scheduling: capabilities shared with other modules', () => {
  let d: Department;

  before(async () => {
    d = await department('Capability Cove Fire');
  });

  it('when another module asks for shift activity, then scheduling answers worked shifts per member in the window and calls as not tracked', async () => {
    const kernel = await getTestKernel();
    const provider = kernel.container.get<ShiftActivityProvider>(CAPABILITIES.shiftActivity);
    const [a, b] = await quickMembers(d.org, 2);
    const officer = actorFor(d.officer.user, ['scheduling.assign']);
    const service = kernel.container.get(AssignmentsService);
    const s1 = await shiftRow(d.org, { start: new Date('2031-02-01T12:00:00Z') });
    const s2 = await shiftRow(d.org, { start: new Date('2031-02-10T12:00:00Z') });
    const cancelled = await shiftRow(d.org, { start: new Date('2031-02-12T12:00:00Z') });
    const outside = await shiftRow(d.org, { start: new Date('2031-03-01T12:00:00Z') });
    for (const s of [s1, s2, cancelled, outside]) await service.assign(officer, s.id, { user_id: a.id });
    await Shift.update({ status: 'cancelled' }, { where: { id: cancelled.id } });
    await service.assign(officer, s1.id, { user_id: b.id, position: 'driver' });
    const counts = await provider.countShifts(d.org.id, [a.id, b.id, d.member.user.id], new Date('2031-02-01T00:00:00Z'), new Date('2031-03-01T00:00:00Z'));
    expect(Object.fromEntries(counts)).to.deep.equal({ [a.id]: 2, [b.id]: 1 });
    expect(await provider.countCalls(d.org.id, [a.id], new Date(0), new Date())).to.equal(null);
    const other = await department('Other County EMS');
    expect((await provider.countShifts(other.org.id, [a.id], new Date(0), new Date('2040-01-01'))).size, 'scoped by organization').to.equal(0);
  });

  describe('with a position-qualification provider bound (training on)', () => {
    let fake: FakeQualifications;
    let qualified: string;
    // When the training module is installed, its provider is put back afterwards.
    let original: PositionQualificationProvider | null = null;

    before(async () => {
      const kernel = await getTestKernel();
      qualified = d.officer.user.id;
      fake = new FakeQualifications(new Set([qualified]));
      if (kernel.container.isBound(CAPABILITIES.positionQualification)) {
        original = kernel.container.get<PositionQualificationProvider>(CAPABILITIES.positionQualification);
        kernel.container.unbind(CAPABILITIES.positionQualification);
      }
      kernel.container.bind(CAPABILITIES.positionQualification).toConstantValue(fake);
      await d.officer.patch('/scheduling/settings', { self_signup_positions: ['firefighter'] });
    });

    after(async () => {
      const kernel = await getTestKernel();
      kernel.container.unbind(CAPABILITIES.positionQualification);
      if (original) kernel.container.bind(CAPABILITIES.positionQualification).toConstantValue(original);
    });

    it('when an unqualified member signs up for the seat the provider knows, then its refusal passes through with its code and sentence', async () => {
      const shift = await shiftRow(d.org, { inHours: 80, seats: ['driver', 'firefighter'] });
      const res = await d.member.post(`/scheduling/shifts/${shift.id}/signup`, { position: 'driver' });
      expect(res.status).to.equal(403);
      expect(res.body).to.include({ code: 'SCHED-QUAL-CERT-MISSING', detail: 'Alex holds no current EVOC certification, which the driver seat requires' });
      const el = await d.member.get(`/scheduling/eligibility/positions?shift_id=${shift.id}`);
      expect(el.body.positions).to.deep.equal(['firefighter']);
      expect(el.body.refused).to.deep.equal([{ position: 'driver', code: 'SCHED-QUAL-CERT-MISSING', message: 'Alex holds no current EVOC certification, which the driver seat requires' }]);
    });

    it('when a qualified member signs up for it, then the provider decides yes even though settings do not open the seat', async () => {
      const shift = await shiftRow(d.org, { inHours: 90, seats: ['driver'] });
      const res = await d.officer.post(`/scheduling/shifts/${shift.id}/signup`, { position: 'driver' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    });

    it('when an officer assigns an unqualified member, then it is allowed with the refusal as a warning', async () => {
      const shift = await shiftRow(d.org, { inHours: 100, seats: ['driver'] });
      const res = await d.officer.post(`/scheduling/shifts/${shift.id}/assignments`, { user_id: d.member.user.id, position: 'driver' });
      expect(res.status).to.equal(201);
      expect(res.body.evoc_warnings).to.deep.equal(['Alex holds no current EVOC certification, which the driver seat requires']);
    });

    it('when a seat the provider does not know is asked for, then the settings decide, and the provider is asked once per answer', async () => {
      const before = fake.calls;
      const el = await d.member.get('/scheduling/eligibility/positions');
      expect(fake.calls - before).to.equal(1);
      expect(el.body.positions).to.deep.equal(['firefighter']);
      expect(el.body.refused.find((r: { position: string }) => r.position === 'ems').code).to.equal('LB-SCHED-020');
    });
  });
});
