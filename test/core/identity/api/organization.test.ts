import { expect } from 'chai';
import { Organization } from '../../../../core/identity/models/organization.model';
import { auditEntries, signedIn, type SignedIn } from '../../../support/identity';

describe('identity api: organization settings and profile', () => {
  let admin: SignedIn;

  before(async () => { admin = await signedIn(['it_manager']); });

  it('when settings are saved with a secret, then it is stored encrypted, answered redacted, and kept when sent back redacted', async () => {
    const res = await admin.patch('/organization/settings', { email_service: { enabled: true, smtp_host: 'mail.example.org', smtp_password: 'hunter2-sentinel' } }).expect(200);
    expect(res.body.email_service).to.include({ enabled: true, smtp_host: 'mail.example.org', smtp_password: '********' });
    expect(res.body).to.include.keys(['contact_info_visibility', 'file_storage', 'auth', 'it_team', 'modules', 'membership_id']);
    const raw = JSON.stringify((await Organization.findByPk(admin.org.id, { raw: true }))!.settings);
    expect(raw).not.to.include('hunter2-sentinel');
    await admin.patch('/organization/settings', { email_service: { smtp_password: '********', smtp_host: 'smtp.example.org' } }).expect(200);
    const after = JSON.stringify((await Organization.findByPk(admin.org.id, { raw: true }))!.settings);
    expect(after).to.include('$gcm');
    expect((await admin.get('/organization/settings').expect(200)).body.email_service).to.include({ smtp_host: 'smtp.example.org', smtp_password: '********' });
    const [entry] = await auditEntries(admin.org.id, 'organization.settings-updated');
    expect(entry.eventData).to.deep.equal({ changed: ['email_service.smtp_host', 'email_service.smtp_password'] });
  });

  it('when a patch touches security or modules, or a section is not an object, then 422', async () => {
    await admin.patch('/organization/settings', { security: { mfa_required: false } }).expect(422);
    await admin.patch('/organization/settings', { modules: { training: false } }).expect(422);
    await admin.patch('/organization/settings', { scheduling: 5 }).expect(422);
  });

  it('when contact visibility is changed, then the saved values are echoed and the users list follows', async () => {
    const res = await admin.patch('/organization/settings/contact-info', { enabled: true, show_mobile: false }).expect(200);
    expect(res.body).to.deep.equal({ enabled: true, show_email: true, show_phone: true, show_mobile: false });
    expect((await admin.get('/users/contact-info-enabled').expect(200)).body).to.deep.equal(res.body);
    await admin.patch('/organization/settings/contact-info', { enabled: true, colour: 'red' }).expect(422);
  });

  it('when the profile is read and patched, then unset strings are "" and a partial patch returns the full profile', async () => {
    const before = await admin.get('/organization/profile').expect(200);
    expect(before.body).to.include({ phone: '', website: '', founded_year: null, logo: null, physical_address_same: true });
    expect(before.body.mailing_address).to.deep.equal({ line1: '', line2: '', city: '', state: '', zip: '' });
    const res = await admin.patch('/organization/profile', { phone: '555-0100', founded_year: 1921, mailing_address: { city: 'Maple Ridge' }, timezone: 'America/Denver' }).expect(200);
    expect(res.body).to.include({ phone: '555-0100', founded_year: 1921, timezone: 'America/Denver', name: before.body.name });
    expect(res.body.mailing_address).to.include({ city: 'Maple Ridge', line1: '' });
    await admin.patch('/organization/profile', { timezone: 'Mars/Olympus' }).expect(422);
    await admin.patch('/organization/profile', { logo: 'javascript:alert(1)' }).expect(422);
    await admin.patch('/organization/profile', { slug: 'hijack' }).expect(422);
    await admin.patch('/organization/profile', { active: false }).expect(422);
    expect((await Organization.findByPk(admin.org.id))!.active).to.equal(true);
    const [entry] = await auditEntries(admin.org.id, 'organization.profile-updated');
    expect(entry.eventData).to.deep.equal({ changed: ['founded_year', 'mailing_address', 'phone', 'timezone'] });
  });

  it('when a plain member reads, then 200 where they hold the view permission; every write is 403', async () => {
    const member = await signedIn(['member'], { org: admin.org });
    await member.get('/organization/settings').expect(200);
    await member.get('/organization/profile').expect(200);
    await member.patch('/organization/settings', { it_team: { name: 'x' } }).expect(403);
    await member.patch('/organization/settings/contact-info', { enabled: false }).expect(403);
    await member.patch('/organization/profile', { name: 'Hijacked' }).expect(403);
    const nobody = await signedIn([], { org: admin.org });
    await nobody.get('/organization/settings').expect(403);
    await nobody.get('/organization/profile').expect(403);
    expect((await Organization.findByPk(admin.org.id))!.name).not.to.equal('Hijacked');
  });
});
