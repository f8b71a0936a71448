import { expect } from 'chai';
import { createMember, createSeededOrganization, signedIn, type TestMember } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { User } from '../../../core/identity/models/user.model';
import type { Organization } from '../../../core/identity/models/organization.model';
import { CAPABILITIES, type PositionQualificationProvider } from '../../../core/modules/capabilities';
import { TrainingRecord } from '../../../modules/training/models/record.model';
import { TrainingContext } from '../../../modules/training/services/training-context';
import { addDays } from '../../../modules/training/engine/civil-date';
import { createCourse, createRequirement, expect422, expectStatus } from './support';

async function named(org: Organization, firstName: string): Promise<TestMember> {
  const m = await createMember({ org });
  await User.update({ firstName }, { where: { id: m.user.id } });
  return m;
}

/** SQL statements of the second run of `work` (the first warms the settings cache). */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const kernel = await getTestKernel();
  await work();
  let count = 0;
  kernel.db.sequelize.addHook('beforeQuery', 'qual-count', () => { count++; });
  try { await work(); } finally { kernel.db.sequelize.removeHook('beforeQuery', 'qual-count'); }
  return count;
}

describe('training: the position qualification capability (for scheduling)', () => {
  let provider: PositionQualificationProvider;
  let org: Organization;
  let today: string;
  let alex: TestMember;
  let bo: TestMember;
  let cy: TestMember;
  let extra: TestMember[];

  before(async () => {
    const kernel = await getTestKernel();
    provider = kernel.container.get<PositionQualificationProvider>(CAPABILITIES.positionQualification);
    org = await createSeededOrganization('Oak Valley Fire Rescue');
    const officer = await signedIn(['training_officer'], { org });
    today = await kernel.container.get(TrainingContext).today(org.id);
    const evoc = await createCourse(officer, { name: 'EVOC', training_type: 'certification' });
    const fo1 = await createRequirement(officer, { name: 'Fire Officer I', requirement_type: 'certification', registry_code: 'FO1' });
    const settings = await officer.patch('/training/module-config/config', { position_qualifications: [
      { position: 'driver', label: 'EVOC', course_ids: [evoc.id] },
      { position: 'officer', label: 'Fire Officer I', requirement_id: fo1.id },
    ] });
    expectStatus(settings, 200);
    [alex, bo, cy] = [await named(org, 'Alex'), await named(org, 'Bo'), await named(org, 'Cy')];
    extra = [];
    for (let i = 0; i < 5; i++) extra.push(await named(org, `Extra${i}`));
    const cert = (m: TestMember, over: Partial<TrainingRecord>) => TrainingRecord.create({
      organizationId: org.id, userId: m.user.id, courseName: 'EVOC', trainingType: 'certification', status: 'completed',
      completionDate: addDays(today, -400), certificationNumber: 'N-1', hoursCompleted: 0, ...over,
    });
    await cert(alex, { courseId: evoc.id, expirationDate: addDays(today, 300) });
    await cert(alex, { courseName: 'Fire Officer I', certificationNumber: 'FO1-778', expirationDate: today });
    await cert(bo, { courseId: evoc.id, expirationDate: addDays(today, -3) });
    // An EVOC record without a certification number is not a certification.
    await cert(cy, { courseId: evoc.id, certificationNumber: null, expirationDate: addDays(today, 300) });
  });

  it('when asked which positions it knows, then only those the settings give a rule for', async () => {
    expect([...(await provider.knownPositions(org.id, ['driver', 'officer', 'firefighter']))].sort()).to.deep.equal(['driver', 'officer']);
  });

  it('when checking members for seats, then current holders pass and the others get a plain refusal with a stable code', async () => {
    const answers = await provider.check(org.id, [alex.user.id, bo.user.id, cy.user.id], ['driver', 'officer', 'firefighter'], today);
    expect(answers.get(alex.user.id)?.get('driver')).to.equal(null);
    expect(answers.get(alex.user.id)?.get('officer'), 'valid through its expiration day').to.equal(null);
    expect(answers.get(alex.user.id)?.has('firefighter')).to.equal(false);
    expect(answers.get(bo.user.id)?.get('driver')).to.deep.equal({
      code: 'TRAINING-QUAL-CERT-EXPIRED', message: `Bo's EVOC certification expired on ${addDays(today, -3)}, and the driver seat requires a current one`,
    });
    expect(answers.get(cy.user.id)?.get('driver')).to.deep.equal({ code: 'TRAINING-QUAL-CERT-MISSING', message: 'Cy holds no current EVOC certification, which the driver seat requires' });
    expect(answers.get(cy.user.id)?.get('officer')?.code).to.equal('TRAINING-QUAL-CERT-MISSING');
  });

  it('when the date moves past an expiration, then the same member is refused on that date', async () => {
    const tomorrow = await provider.check(org.id, [alex.user.id], ['officer'], addDays(today, 1));
    expect(tomorrow.get(alex.user.id)?.get('officer')?.code).to.equal('TRAINING-QUAL-CERT-EXPIRED');
  });

  it('when a whole page of members is checked, then the query count does not grow with the members', async () => {
    const few = await countQueries(() => provider.check(org.id, [alex.user.id, bo.user.id], ['driver', 'officer'], today));
    const many = await countQueries(() => provider.check(org.id, [alex.user.id, bo.user.id, cy.user.id, ...extra.map((m) => m.user.id)], ['driver', 'officer'], today));
    expect(few).to.be.greaterThan(0);
    expect(many).to.equal(few);
  });

  it('when another organization asks about these members, then it has no rules and sees none of their certifications', async () => {
    const other = await createSeededOrganization('Elm Street Fire');
    expect((await provider.knownPositions(other.id, ['driver'])).size).to.equal(0);
    const answers = await provider.check(other.id, [alex.user.id], ['driver'], today);
    expect(answers.get(alex.user.id)?.size).to.equal(0);
  });

  it('when a seat rule names another organization\'s course or a non-certification requirement, then the settings change is 422', async () => {
    const foreignOfficer = await signedIn(['training_officer']);
    const theirCourse = await createCourse(foreignOfficer);
    const officer = await signedIn(['training_officer'], { org });
    const hours = await createRequirement(officer, { name: 'Hours', requirement_type: 'hours', required_hours: 1 });
    expect422(await officer.patch('/training/module-config/config', { position_qualifications: [{ position: 'driver', label: 'EVOC', course_ids: [theirCourse.id] }] }), 'position_qualifications.0.course_ids');
    expect422(await officer.patch('/training/module-config/config', { position_qualifications: [{ position: 'officer', label: 'FO', requirement_id: hours.id }] }), 'position_qualifications.0.requirement_id');
  });
});
