import { expect } from 'chai';
import supertest from 'supertest';
import { Organization } from '../../../../core/identity/models/organization.model';
import { ModuleConfig } from '../../../../core/modules/module-config.model';
import { startServerProcess, type ServerProcess } from '../../../support/processes';
import { auditEntries, signedIn, type SignedIn } from '../../../support/identity';

const ESSENTIALS = ['members', 'events', 'documents', 'roles', 'settings'];

describe('identity api: organization modules', () => {
  let admin: SignedIn;

  before(async () => { admin = await signedIn(['it_manager']); });

  it('when read, then the essentials come first and module_settings holds the 20 switches with upstream defaults', async () => {
    const res = await admin.get('/organization/modules').expect(200);
    expect(Object.keys(res.body.module_settings)).to.have.length(20);
    expect(res.body.module_settings).to.include({ training: true, inventory: true, storefront: false, grants: false });
    expect(res.body.enabled_modules.slice(0, 5)).to.deep.equal(ESSENTIALS);
    // The installed fixture module is on by default and listed although it is not one of the 20.
    expect(res.body.enabled_modules).to.include.members(['training', 'inventory', 'fixture']);
    expect(res.body.enabled_modules).not.to.include('storefront');
  });

  it('when a plain member reads, then 200; when they patch, then 403, audited, nothing changes', async () => {
    const member = await signedIn(['member'], { org: admin.org });
    await member.get('/organization/modules').expect(200);
    await member.patch('/organization/modules', { storefront: true }).expect(403);
    expect((await member.get('/organization/modules').expect(200)).body.module_settings.storefront).to.equal(false);
    const [denied] = await auditEntries(admin.org.id, 'auth.permission-denied');
    expect(denied.eventData).to.deep.include({ required_any: ['settings.manage', 'organization.update_settings'] });
  });

  it('when a non-installed switch is patched, then it is stored in settings.modules, audited, and other settings survive', async () => {
    await Organization.update({ settings: { security: { mfa_required: false }, modules: {} } }, { where: { id: admin.org.id } });
    const res = await admin.patch('/organization/modules', { storefront: true, inventory: false }).expect(200);
    expect(res.body.module_settings).to.include({ storefront: true, inventory: false });
    expect(res.body.enabled_modules).to.include('storefront').and.not.include('inventory');
    const org = await Organization.findByPk(admin.org.id);
    const settings = (typeof org!.settings === 'string' ? JSON.parse(org!.settings) : org!.settings) as Record<string, Record<string, unknown>>;
    expect(settings.modules).to.include({ storefront: true, inventory: false, _user_configured: true });
    expect(settings.security).to.deep.equal({ mfa_required: false });
    expect((await auditEntries(admin.org.id, 'module.enabled')).map((e) => e.resourceId)).to.include('storefront');
    expect((await auditEntries(admin.org.id, 'module.disabled')).map((e) => e.resourceId)).to.include('inventory');
  });

  it('when the body names an unknown module or a non-boolean, then 422', async () => {
    expect((await admin.patch('/organization/modules', { teleporter: true }).expect(422)).body.code).to.equal('LB-VAL-001');
    await admin.patch('/organization/modules', { training: 'yes' }).expect(422);
  });

  describe('with a second server process', () => {
    let server: ServerProcess;
    before(async function () {
      this.timeout(60_000);
      server = await startServerProcess();
    });
    after(async () => { await server?.stop(); });

    it('when an installed module is switched off here, then the other process sees it within 1 s, and it is audited', async () => {
      const bearer = `Bearer ${admin.jar.access_token}`;
      const remote = () => supertest(server.url).get('/api/v1/organization/modules').set('Authorization', bearer);
      expect((await remote().expect(200)).body.enabled_modules).to.include('fixture');
      await admin.patch('/organization/modules', { fixture: false }).expect(200);
      const started = Date.now();
      let seen = false;
      while (Date.now() - started < 1000 && !seen) {
        seen = !(await remote()).body.enabled_modules.includes('fixture');
        if (!seen) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen, 'the second process still lists the module after 1 s').to.equal(true);
      const row = await ModuleConfig.findOne({ where: { organizationId: admin.org.id, moduleKey: 'fixture' } });
      expect(row!.enabled).to.equal(false);
      const [entry] = await auditEntries(admin.org.id, 'module.disabled');
      expect(entry.resourceId).to.equal('fixture');
      expect(entry.userId).to.equal(admin.user.id);
      await admin.patch('/organization/modules', { fixture: true }).expect(200);
    });
  });
});
