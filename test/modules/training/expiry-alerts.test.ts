import { expect } from 'chai';
import { auditEntries, createMember, createSeededOrganization, type TestMember } from '../../support/identity';
import { getTestKernel } from '../../support/kernel';
import { mailText, startTestSmtp, type TestSmtp } from '../../support/smtp';
import { Mailer } from '../../../core/mail/mailer';
import { JobScheduler } from '../../../core/jobs/scheduler';
import type { Organization } from '../../../core/identity/models/organization.model';
import { TrainingRecord } from '../../../modules/training/models/record.model';
import { TrainingCertAlert } from '../../../modules/training/models/cert-alert.model';
import { ExpiryAlertsService } from '../../../modules/training/services/expiry-alerts.service';
import { TrainingContext } from '../../../modules/training/services/training-context';
import { addDays, startOfDayIn } from '../../../modules/training/engine/civil-date';
import { runCli } from '../../support/processes';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

async function certification(org: Organization, member: TestMember, courseName: string, expirationDate: string): Promise<TrainingRecord> {
  return TrainingRecord.create({
    organizationId: org.id, userId: member.user.id, courseName, trainingType: 'certification', status: 'completed',
    completionDate: addDays(expirationDate, -730), expirationDate, certificationNumber: `${courseName}-1`, hoursCompleted: 0,
  });
}

describe('training: certification expiry alerts (daily job)', () => {
  let smtp: TestSmtp;
  let mailer: Mailer;
  let alerts: ExpiryAlertsService;
  let org: Organization;
  let member: TestMember;
  let officer: TestMember;
  let safety: TestMember;
  let chief: TestMember;
  let now: Date;
  let today: string;
  const records: Record<string, TrainingRecord> = {};

  before(async () => {
    const kernel = await getTestKernel();
    smtp = await startTestSmtp();
    mailer = kernel.container.get(Mailer);
    mailer.configure(smtp.config);
    alerts = kernel.container.get(ExpiryAlertsService);
    org = await createSeededOrganization('Willow Creek Volunteer Fire Company');
    [member, officer, safety, chief] = await Promise.all([
      createMember({ org }), createMember({ org, positions: ['training_officer'] }), createMember({ org, positions: ['safety_officer'] }), createMember({ org, positions: ['fire_chief'] }),
    ]);
    // Noon in the organization's timezone: the date is the same there and in UTC.
    today = await kernel.container.get(TrainingContext).today(org.id);
    now = new Date(startOfDayIn('America/Chicago', today).getTime() + 12 * 3600_000);
    records.d90 = await certification(org, member, 'CPR', addDays(today, 90));
    records.d30 = await certification(org, member, 'EVOC', addDays(today, 30));
    records.d7 = await certification(org, member, 'Hazmat', addDays(today, 7));
    records.expired = await certification(org, member, 'EMT', addDays(today, -1));
    records.far = await certification(org, member, 'ACLS', addDays(today, 91));
    // Renewed: the old record expired, the new one is current; neither is alerted.
    records.renewedOld = await certification(org, member, 'PALS', addDays(today, -10));
    records.renewedNew = await certification(org, member, 'PALS', addDays(today, 700));
  });

  after(async () => {
    const kernel = await getTestKernel();
    mailer.configure(kernel.config.smtp);
    await smtp.stop();
  });

  it('when two runners run the job at the same moment, then each due tier is sent exactly once, recorded and audited once', async () => {
    const [a, b] = await Promise.all([alerts.runOrganization(org.id, now), alerts.runOrganization(org.id, now)]);
    expect(a.sent + b.sent).to.equal(4);
    const rows = await TrainingCertAlert.findAll({ where: { organizationId: org.id }, raw: true });
    expect(rows.map((r) => [r.recordId, r.tier]).sort()).to.deep.equal([
      [records.d90.id, '90'], [records.d30.id, '30'], [records.d7.id, '7'], [records.expired.id, 'expired'],
    ].sort());
    expect(rows.every((r) => r.emailed)).to.equal(true);
    const audit = await auditEntries(org.id, 'training.cert-alert-sent');
    expect(audit).to.have.length(4);
    expect(audit.map((e) => e.resourceId).sort()).to.deep.equal(rows.map((r) => r.recordId).sort());
  });

  it('when the tiers go out, then each tells its audience: 90 the member, 30 adds the training officer, 7 the compliance officer, expired the chiefs', async () => {
    const to = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).map((m) => mailText(m));
    expect(to(member.email)).to.have.length(4);
    expect(to(officer.email)).to.have.length(3);
    expect(to(safety.email)).to.have.length(2);
    expect(to(chief.email)).to.have.length(1);
    expect(to(chief.email)[0]).to.contain('Pat Rivera\'s EMT certification expired on');
    expect(to(member.email).join('\n')).to.contain(`Your CPR certification expires on ${addDays(today, 90)} (in 90 days)`);
    expect(smtp.messages.some((m) => m.raw.includes('ACLS') || m.raw.includes('PALS'))).to.equal(false);
  });

  it('when the job runs again the same day, and through the scheduler, then nothing is sent twice', async () => {
    // Other test files' organizations may get their own alerts from the scheduler run; count only ours.
    const ours = () => smtp.messages.filter((m) => [member, officer, safety, chief].some((p) => m.to.includes(p.email))).length;
    const before = ours();
    expect(await alerts.runOrganization(org.id, now)).to.deep.equal({ sent: 0, skipped: 0 });
    const kernel = await getTestKernel();
    const record = await kernel.container.get(JobScheduler).runNow('training.expiry-alerts');
    expect(record.ok).to.equal(true);
    expect(ours()).to.equal(before);
    expect(await TrainingCertAlert.count({ where: { organizationId: org.id } })).to.equal(4);
  });

  it('when 23 days pass, then 30 days -> its 7-day tier, 7 days -> expired, 91 days -> the 90-day tier; 90 days (now 67) and the expired one get nothing new', async () => {
    const later = new Date(now.getTime() + 23 * 86_400_000);
    expect(await alerts.runOrganization(org.id, later)).to.deep.equal({ sent: 3, skipped: 0 });
    const tiersOf = async (r: TrainingRecord) => (await TrainingCertAlert.findAll({ where: { recordId: r.id }, raw: true })).map((a) => a.tier).sort();
    expect(await tiersOf(records.d30)).to.deep.equal(['30', '7']);
    expect(await tiersOf(records.d7)).to.deep.equal(['7', 'expired']);
    expect(await tiersOf(records.far)).to.deep.equal(['90']);
    expect(await tiersOf(records.d90)).to.deep.equal(['90']);
    expect(await tiersOf(records.expired)).to.deep.equal(['expired']);
  });

  it('when the mail server refuses, then the alert is not recorded and the next run with mail working sends it', async () => {
    const late = await certification(org, member, 'Rope rescue', addDays(today, 60));
    mailer.configure({ ...smtp.config, port: 1 });
    try {
      expect(await alerts.runOrganization(org.id, now)).to.deep.equal({ sent: 0, skipped: 1 });
      expect(await TrainingCertAlert.count({ where: { recordId: late.id } })).to.equal(0);
    } finally {
      mailer.configure(smtp.config);
    }
    expect(await alerts.runOrganization(org.id, now)).to.deep.equal({ sent: 1, skipped: 0 });
    expect((await TrainingCertAlert.findOne({ where: { recordId: late.id }, raw: true }))?.tier).to.equal('60');
  });

  it('when SMTP is not configured, then the alert is still recorded and audited, marked as not emailed', async () => {
    const kernel = await getTestKernel();
    const quiet = await createSeededOrganization('Birch Hill Rescue Squad');
    const m = await createMember({ org: quiet });
    const r = await certification(quiet, m, 'CPR', addDays(today, 5));
    mailer.configure({ ...kernel.config.smtp, host: null });
    try {
      expect(await alerts.runOrganization(quiet.id, now)).to.deep.equal({ sent: 1, skipped: 0 });
    } finally {
      mailer.configure(smtp.config);
    }
    const row = await TrainingCertAlert.findOne({ where: { recordId: r.id }, raw: true });
    expect(row?.tier).to.equal('7');
    expect(Boolean(row?.emailed)).to.equal(false);
    expect(await auditEntries(quiet.id, 'training.cert-alert-sent')).to.have.length(1);
  });

  it('when another process runs the job (the CLI) while this one runs it again and again, then every tier still goes out exactly once', async () => {
    const race = await createSeededOrganization('Spruce Lake Fire Department');
    const m = await createMember({ org: race });
    const courses = Array.from({ length: 12 }, (_, i) => `Race course ${i}`);
    for (const [i, name] of courses.entries()) await certification(race, m, name, addDays(today, i % 2 === 0 ? 5 : -2));
    // This process reaches the mail server through a proxy that waits 400 ms per connection, so each
    // of its claims stays open (row locked, uncommitted) long enough for the other process to collide with it.
    const slow = net.createServer((client) => {
      setTimeout(() => { const upstream = net.connect(smtp.port, '127.0.0.1'); client.pipe(upstream).pipe(client); upstream.on('error', () => client.destroy()); }, 400);
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
    mailer.configure({ ...smtp.config, port: (slow.address() as AddressInfo).port });
    const cli = runCli(['jobs', 'run', 'training.expiry-alerts', '--json'], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM_EMAIL: 'logbook@example.org' }, 90_000);
    let done = false;
    void cli.then(() => { done = true; });
    let inProcess = 0;
    const kernel = await getTestKernel();
    try {
      // Start racing once the other process holds the job's lock (its ts-node start-up takes seconds), then keep racing until it exits.
      while (!done && !(await kernel.cache.get('lock:job:training.expiry-alerts'))) await new Promise((r) => setTimeout(r, 25));
      while (!done) {
        inProcess += (await alerts.runOrganization(race.id, new Date())).sent;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      mailer.configure(smtp.config);
      slow.close();
    }
    const result = await cli;
    expect(result.code, result.stderr).to.equal(0);
    inProcess += (await alerts.runOrganization(race.id, new Date())).sent;
    expect(inProcess).to.be.at.most(12);
    console.log(`      (this process sent ${inProcess} of 12 tiers, the CLI process the rest)`);
    expect(await TrainingCertAlert.count({ where: { organizationId: race.id } })).to.equal(12);
    const mails = smtp.messages.filter((x) => x.to.includes(m.email)).map((x) => mailText(x));
    for (const name of courses) expect(mails.filter((t) => t.includes(`Your ${name} certification`)), name).to.have.length(1);
    expect(await auditEntries(race.id, 'training.cert-alert-sent')).to.have.length(12);
  });

  it('when training is off for an organization, then the job sends it nothing', async () => {
    const kernel = await getTestKernel();
    const off = await createSeededOrganization('Aspen Ridge Fire');
    const m = await createMember({ org: off });
    const r = await certification(off, m, 'CPR', addDays(today, 5));
    await kernel.moduleConfig.setEnabled(off.id, 'training', false);
    await alerts.run(now);
    expect(await TrainingCertAlert.count({ where: { recordId: r.id } })).to.equal(0);
  });
});
