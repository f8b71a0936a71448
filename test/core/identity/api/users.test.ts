import { expect } from 'chai';
import supertest from 'supertest';
import { Organization } from '../../../../core/identity/models/organization.model';
import { Position } from '../../../../core/identity/models/position.model';
import { User } from '../../../../core/identity/models/user.model';
import { UserPosition } from '../../../../core/identity/models/user-position.model';
import { AuditLog } from '../../../../core/audit/models/audit-log.model';
import { app } from '../../identity/support/members';
import { auditEntries, createMember, signedIn, UNKNOWN_ID, type SignedIn } from '../../../support/identity';

async function positionId(orgId: string, slug: string): Promise<string> {
  return (await Position.findOne({ where: { organizationId: orgId, slug }, attributes: ['id'], raw: true }))!.id;
}

describe('identity api: users', () => {
  let admin: SignedIn;
  let other: SignedIn;

  before(async () => {
    admin = await signedIn(['it_manager']);
    other = await signedIn(['it_manager']);
  });

  describe('reading', () => {
    it('when listing, then the organization\'s members only, contact fields hidden until the department shows them', async () => {
      const member = await signedIn(['member'], { org: admin.org });
      const res = await member.get('/users').expect(200);
      const ids = (res.body as Array<{ id: string }>).map((u) => u.id);
      expect(ids).to.include.members([admin.user.id, member.user.id]).and.not.include(other.user.id);
      const adminRow = (res.body as Array<Record<string, unknown>>).find((u) => u.id === admin.user.id)!;
      expect(adminRow).to.include({ phone: null, email: null, full_name: 'Pat Rivera', status: 'active' });
      expect(adminRow).not.to.have.property('date_of_birth');
      const self = (res.body as Array<Record<string, unknown>>).find((u) => u.id === member.user.id)!;
      expect(self.phone).to.equal('555-0100');
      expect((await member.get('/users/contact-info-enabled').expect(200)).body).to.deep.equal({ enabled: false, show_email: true, show_phone: true, show_mobile: true });

      await Organization.update({ settings: { contact_info_visibility: { enabled: true, show_email: true, show_phone: true, show_mobile: false } } }, { where: { id: admin.org.id } });
      const shown = await member.get('/users').expect(200);
      expect((shown.body as Array<Record<string, unknown>>).find((u) => u.id === admin.user.id)).to.include({ phone: '555-0100', email: admin.email });
    });

    it('when reading a profile, then personal fields go to the member and to editors only', async () => {
      const member = await signedIn(['member'], { org: admin.org });
      const asAdmin = await admin.get(`/users/${member.user.id}/with-roles`).expect(200);
      expect(asAdmin.body).to.include({ date_of_birth: '1980-04-02', username: member.username });
      expect(asAdmin.body.roles.map((r: { slug: string }) => r.slug)).to.deep.equal(['member']);
      expect(asAdmin.body).to.include.keys(['notification_preferences', 'emergency_contacts', 'created_at', 'updated_at', 'mfa_enabled', 'last_login_at']);
      const asPeer = await member.get(`/users/${admin.user.id}/with-roles`).expect(200);
      expect(asPeer.body.date_of_birth).to.equal(null);
      const list = await admin.get('/users/with-roles').expect(200);
      expect((list.body as Array<{ id: string; roles: unknown[] }>).find((u) => u.id === admin.user.id)!.roles).to.have.length(1);
    });

    it('when a member without users.view asks, then 403', async () => {
      const nobody = await signedIn([], { org: admin.org });
      await nobody.get('/users').expect(403);
      await nobody.get('/users/with-roles').expect(403);
      await nobody.get(`/users/${admin.user.id}/with-roles`).expect(403);
    });
  });

  describe('creating', () => {
    it('when created without a password, then 201 with a one-time temporary password that must be changed, audited without values', async () => {
      const res = await admin.post('/users', { username: 'new.member', email: 'new.member@example.org', first_name: 'Nia', last_name: 'Okafor', phone: '555-0199', date_of_birth: '1990-01-01', role_ids: [await positionId(admin.org.id, 'firefighter')] }).expect(201);
      expect(res.body.temporary_password).to.be.a('string').with.length(20);
      expect(res.body.roles.map((r: { slug: string }) => r.slug)).to.deep.equal(['firefighter']);
      const user = await User.findByPk(res.body.id);
      expect(user!.mustChangePassword).to.equal(true);
      expect(user!.organizationId).to.equal(admin.org.id);
      const login = await supertest(await app()).post('/api/v1/auth/login').send({ username: 'new.member', password: res.body.temporary_password });
      expect(login.status).to.equal(200);
      expect(login.body.user.must_change_password).to.equal(true);
      const [entry] = await auditEntries(admin.org.id, 'user.created');
      expect(entry.eventData).to.deep.include({ temporary_password: true, roles: ['firefighter'] });
      expect(JSON.stringify(entry.eventData)).not.to.include('555-0199').and.not.to.include('1990-01-01');
    });

    it('when the password is weak, the username taken, or a role foreign, then 422/409 and nothing is stored', async () => {
      const count = await User.count();
      expect((await admin.post('/users', { username: 'weakpw', email: 'weakpw@example.org', first_name: 'A', last_name: 'B', password: 'password1234' }).expect(422)).body.detail[0].field).to.equal('password');
      expect((await admin.post('/users', { username: admin.username.toUpperCase(), email: 'x1@example.org', first_name: 'A', last_name: 'B' }).expect(409)).body.code).to.equal('LB-USER-002');
      await admin.post('/users', { username: 'foreignrole', email: 'x2@example.org', first_name: 'A', last_name: 'B', role_ids: [await positionId(other.org.id, 'member')] }).expect(422);
      expect(await User.count()).to.equal(count);
    });

    it('when the body tries mass assignment, then 422 and the database is unchanged', async () => {
      const count = await User.count();
      for (const extra of [{ organization_id: other.org.id }, { permissions: ['*'] }, { password_hash: 'x' }, { status: 'active' }, { must_change_password: false }]) {
        await admin.post('/users', { username: 'massassign', email: 'mass@example.org', first_name: 'A', last_name: 'B', ...extra }).expect(422);
      }
      const target = await createMember({ org: admin.org });
      await admin.patch(`/users/${target.user.id}/profile`, { organization_id: other.org.id }).expect(422);
      await admin.patch(`/users/${target.user.id}/profile`, { password_hash: 'x' }).expect(422);
      await admin.patch(`/users/${target.user.id}/contact-info`, { permissions: ['*'] }).expect(422);
      expect(await User.count()).to.equal(count + 1);
      const after = await User.findByPk(target.user.id);
      expect(after!.organizationId).to.equal(admin.org.id);
      expect(after!.passwordHash).to.equal(target.user.passwordHash);
    });

    it('when a creator assigns a role above their own, then 403 LB-ROLE-001; without users.create, 403', async () => {
      const coordinator = await signedIn(['membership_coordinator'], { org: admin.org });
      const res = await coordinator.post('/users', { username: 'elevated', email: 'elevated@example.org', first_name: 'A', last_name: 'B', role_ids: [await positionId(admin.org.id, 'it_manager')] }).expect(403);
      expect(res.body.code).to.equal('LB-ROLE-001');
      const member = await signedIn(['member'], { org: admin.org });
      await member.post('/users', { username: 'nope', email: 'nope@example.org', first_name: 'A', last_name: 'B' }).expect(403);
    });
  });

  describe('editing', () => {
    it('when an editor patches a profile, then the fields change and the audit names them without values', async () => {
      const target = await createMember({ org: admin.org });
      const res = await admin.patch(`/users/${target.user.id}/profile`, { rank: 'Captain', address_city: 'Springfield', emergency_contacts: [{ name: 'Sam', relationship: 'spouse', phone: '555-0142', is_primary: true }] }).expect(200);
      expect(res.body).to.include({ rank: 'Captain', address_city: 'Springfield' });
      expect(res.body.emergency_contacts[0]).to.include({ name: 'Sam' });
      const [entry] = await auditEntries(admin.org.id, 'user.updated');
      expect(entry.eventData).to.deep.equal({ changed: ['address_city', 'emergency_contacts', 'rank'] });
    });

    it('when a member edits their own contact data, then 200; their rank or someone else, then 403', async () => {
      const member = await signedIn(['member'], { org: admin.org });
      await member.patch(`/users/${member.user.id}/profile`, { mobile: '555-0111' }).expect(200);
      await member.patch(`/users/${member.user.id}/profile`, { rank: 'Chief' }).expect(403);
      await member.patch(`/users/${admin.user.id}/profile`, { mobile: '555-0000' }).expect(403);
      const res = await member.patch(`/users/${member.user.id}/contact-info`, { notification_preferences: { sms_notifications: true } }).expect(200);
      expect(res.body.notification_preferences).to.include({ sms_notifications: true });
      const merged = await member.patch(`/users/${member.user.id}/contact-info`, { notification_preferences: { event_reminders: false } }).expect(200);
      expect(merged.body.notification_preferences).to.deep.equal({ sms_notifications: true, event_reminders: false });
      await member.patch(`/users/${admin.user.id}/contact-info`, { phone: '1' }).expect(403);
    });

    it('when a member is deactivated, then their sessions end at once', async () => {
      const target = await signedIn(['member'], { org: admin.org });
      await target.get('/users').expect(200);
      await admin.patch(`/users/${target.user.id}/profile`, { status: 'suspended' }).expect(200);
      expect((await target.get('/users')).status).to.equal(401);
      expect(await auditEntries(admin.org.id, 'user.status-changed')).to.have.length.at.least(1);
    });
  });

  describe('roles of a member', () => {
    it('when replaced, then the member\'s permissions change on the next request', async () => {
      const target = await signedIn(['member'], { org: admin.org });
      await target.get('/audit-logs').expect(403);
      const res = await admin.put(`/users/${target.user.id}/roles`, { role_ids: [await positionId(admin.org.id, 'deputy_chief')] }).expect(200);
      expect(res.body).to.include({ user_id: target.user.id, username: target.username });
      expect(res.body.roles.map((r: { slug: string }) => r.slug)).to.deep.equal(['deputy_chief']);
      await target.get('/audit-logs').expect(200);
      const [entry] = await auditEntries(admin.org.id, 'user.roles-updated');
      expect(entry.eventData).to.deep.equal({ added: ['deputy_chief'], removed: ['member'] });
    });

    it('when the last * holder would lose it, then 409; when a coordinator grants above themselves, then 403', async () => {
      const solo = await signedIn(['it_manager']);
      expect((await solo.put(`/users/${solo.user.id}/roles`, { role_ids: [] }).expect(409)).body.code).to.equal('LB-ROLE-003');
      const coordinator = await signedIn(['membership_coordinator'], { org: admin.org });
      const target = await createMember({ org: admin.org });
      await coordinator.put(`/users/${target.user.id}/roles`, { role_ids: [await positionId(admin.org.id, 'it_manager')] }).expect(403);
      await coordinator.put(`/users/${target.user.id}/roles`, { role_ids: [await positionId(admin.org.id, 'member'), await positionId(admin.org.id, 'probationary_firefighter')] }).expect(200);
      const member = await signedIn(['member'], { org: admin.org });
      await member.put(`/users/${target.user.id}/roles`, { role_ids: [] }).expect(403);
      expect(await UserPosition.count({ where: { userId: target.user.id } })).to.equal(2);
    });
  });

  describe('deleting', () => {
    it('when soft-deleted, then archived, gone from lists, sessions ended, audited; deleting yourself is 400', async () => {
      const target = await signedIn(['member'], { org: admin.org });
      const impact = await admin.get(`/users/${target.user.id}/deletion-impact`).expect(200);
      expect(impact.body).to.include({ user_id: target.user.id, status: 'active', total_records: 0 });
      await admin.del(`/users/${target.user.id}`).expect(204);
      const row = await User.findByPk(target.user.id);
      expect(row!.deletedAt).to.be.instanceOf(Date);
      expect(row!.status).to.equal('archived');
      expect((await target.get('/users')).status).to.equal(401);
      expect(((await admin.get('/users').expect(200)).body as Array<{ id: string }>).map((u) => u.id)).not.to.include(target.user.id);
      await admin.get(`/users/${target.user.id}/with-roles`).expect(404);
      expect((await admin.del(`/users/${admin.user.id}`).expect(400)).body.code).to.equal('LB-USER-003');
      const [entry] = await auditEntries(admin.org.id, 'user.deleted');
      expect(entry.eventData).to.deep.include({ hard: false });
    });

    it('when hard-deleted, then the row is gone; without users.delete, 403', async () => {
      const target = await createMember({ org: admin.org });
      const member = await signedIn(['member'], { org: admin.org });
      await member.del(`/users/${target.user.id}`).expect(403);
      await member.get(`/users/${target.user.id}/deletion-impact`).expect(403);
      await admin.del(`/users/${target.user.id}?hard=true`).expect(204);
      expect(await User.findByPk(target.user.id)).to.equal(null);
      expect(await AuditLog.count({ where: { eventType: 'user.deleted', resourceId: target.user.id } })).to.equal(1);
    });
  });

  it('when any {id} route gets another organization\'s member id, then 404 as for a missing one, and nothing changes', async () => {
    const foreign = await createMember({ org: other.org });
    const role = await positionId(admin.org.id, 'member');
    for (const id of [foreign.user.id, UNKNOWN_ID]) {
      await admin.get(`/users/${id}/with-roles`).expect(404);
      await admin.patch(`/users/${id}/profile`, { rank: 'X' }).expect(404);
      await admin.patch(`/users/${id}/contact-info`, { phone: '1' }).expect(404);
      await admin.put(`/users/${id}/roles`, { role_ids: [role] }).expect(404);
      await admin.get(`/users/${id}/deletion-impact`).expect(404);
      await admin.del(`/users/${id}`).expect(404);
    }
    const row = await User.findByPk(foreign.user.id);
    expect(row!.rank).to.equal(null);
    expect(row!.deletedAt).to.equal(null);
  });
});
