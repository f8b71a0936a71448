import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { createMember } from './support/members';
import { User } from '../../../core/identity/models/user.model';
import { Organization } from '../../../core/identity/models/organization.model';
import { OrganizationSettingsCodec, REDACTED } from '../../../core/identity/organization-settings';
import { FieldCipher } from '../../../core/encryption';

describe('identity: data at rest', () => {
  it('when a member is saved, then personal fields are ciphertext in the database and plaintext through the model', async () => {
    const m = await createMember();
    await m.user.update({ emergencyContacts: JSON.stringify([{ name: 'Sam', relationship: 'spouse', phone: '555-0199', is_primary: true }]), addressCity: 'Springfield' });
    const kernel = await getTestKernel();
    const [rows] = await kernel.db.sequelize.query('SELECT phone, date_of_birth, address_city, emergency_contacts, email FROM users WHERE id = ?', { replacements: [m.user.id] });
    const row = (rows as Array<Record<string, string>>)[0];
    for (const col of ['phone', 'date_of_birth', 'address_city', 'emergency_contacts']) expect(row[col], col).to.match(/^\$gcm2\$/);
    expect(row.email).to.equal(m.email);
    const loaded = (await User.findByPk(m.user.id))!;
    expect(loaded.phone).to.equal('555-0100');
    expect(JSON.parse(loaded.emergencyContacts!)[0].name).to.equal('Sam');
  });

  it('when usernames or emails differ only in case, then the second member is refused (unique across the installation)', async () => {
    const m = await createMember();
    const err = await User.create({ organizationId: m.org.id, username: m.username.toUpperCase(), email: `other-${m.email}` }).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).name).to.equal('SequelizeUniqueConstraintError');
    const err2 = await User.create({ organizationId: m.org.id, username: `x${m.username}`, email: m.email.toUpperCase() }).catch((e: Error) => e);
    expect((err2 as Error).name).to.equal('SequelizeUniqueConstraintError');
  });

  it('when settings hold an SMTP password, then it is stored encrypted, decrypts for use and is redacted for answers', async () => {
    const kernel = await getTestKernel();
    const codec = new OrganizationSettingsCodec(kernel.container.get(FieldCipher));
    const m = await createMember();
    const settings = { email_service: { smtp_host: 'mail.example.org', smtp_password: 'S3ntinel-smtp-secret' }, security: { mfa_required: false } };
    const org = (await Organization.findByPk(m.org.id))!;
    org.settings = codec.encrypt(org.id, settings);
    await org.save();
    const [rows] = await kernel.db.sequelize.query('SELECT settings FROM organizations WHERE id = ?', { replacements: [org.id] });
    const raw = JSON.stringify((rows as Array<{ settings: unknown }>)[0].settings);
    expect(raw).to.not.include('S3ntinel-smtp-secret');
    expect(raw).to.include('mail.example.org');
    const reloaded = (await Organization.findByPk(org.id))!;
    expect(codec.decrypt(org.id, reloaded.settings!)).to.deep.equal(settings);
    expect((codec.redact(reloaded.settings!).email_service as Record<string, string>).smtp_password).to.equal(REDACTED);
  });
});
