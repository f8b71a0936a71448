import { expect } from 'chai';
import { getTestKernel, api } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { ValidationError, NotFoundError } from '../../../core/http/errors';
import { ModuleConfig } from '../../../core/modules/module-config.model';
import { discoverModules, orderByDependencies } from '../../../core/modules/discovery';
import type { InstalledModule, ModuleManifest } from '../../../core/modules/manifest';
import Joi from 'joi';

function fake(key: string, dependsOn: string[] = []): InstalledModule {
  const manifest: ModuleManifest = { key, title: key, version: '1', dependsOn, permissions: [], models: [], settingsSchema: Joi.object(), defaultEnabled: true };
  return { manifest, dir: '', migrationsDir: '', openapiFile: '' };
}

describe('module configuration', () => {
  it('when settings are stored, then reads merge them over the schema defaults', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    expect(await kernel.moduleConfig.settings(org, 'fixture')).to.deep.equal({ greeting: 'hello', max_notes: 10 });
    await kernel.db.transaction((tx) => kernel.moduleConfig.write(tx, org, 'fixture', { settings: { max_notes: 1 } }, 'tester'));
    await kernel.moduleConfig.announce(org);
    expect(await kernel.moduleConfig.settings(org, 'fixture')).to.deep.equal({ greeting: 'hello', max_notes: 1 });
    const row = await ModuleConfig.findOne({ where: { organizationId: org, moduleKey: 'fixture' } });
    expect(row!.updatedBy).to.equal('tester');
    // The setting takes effect in the module: a second note breaks max_notes = 1.
    const agent = await api();
    expect((await agent.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).send({ text: 'one' })).status).to.equal(201);
    const second = await agent.post('/api/v1/fixture/notes').set('X-Fixture-Org', org).send({ text: 'two' });
    expect(second.status).to.equal(409);
    expect(second.body.code).to.equal('LB-FIX-001');
  });

  it('when settings break the module schema, then 422 with field messages and nothing is stored', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    let error: unknown;
    try {
      await kernel.db.transaction((tx) => kernel.moduleConfig.write(tx, org, 'fixture', { settings: { max_notes: 1000, greeting: 5 } }, null));
    } catch (err) { error = err; }
    expect(error).to.be.instanceOf(ValidationError);
    const fields = ((error as ValidationError).detail as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).to.deep.equal(['greeting', 'max_notes']);
    expect(await ModuleConfig.count({ where: { organizationId: org } })).to.equal(0);
  });

  it('when an unknown module is written, then 404', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    let error: unknown;
    try { await kernel.moduleConfig.setEnabled(org, 'no_such_module', true); } catch (err) { error = err; }
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('when the module list is read, then it reports state, whether a row decides, and settings', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    const before = await kernel.moduleConfig.list(org);
    expect(before.find((m) => m.key === 'fixture')).to.include({ enabled: true, configured: false });
    await kernel.moduleConfig.setEnabled(org, 'fixture', false);
    const after = await kernel.moduleConfig.list(org);
    expect(after.find((m) => m.key === 'fixture')).to.include({ enabled: false, configured: true });
  });

  it('when modules depend on each other, then they are ordered after their dependencies, and missing or circular ones stop the boot', () => {
    const ordered = orderByDependencies([fake('scheduling', ['training']), fake('training', ['core_x']), fake('core_x')]).map((m) => m.manifest.key);
    expect(ordered).to.deep.equal(['core_x', 'training', 'scheduling']);
    expect(() => orderByDependencies([fake('a', ['b'])])).to.throw(/depends on "b", which is not installed/);
    expect(() => orderByDependencies([fake('a', ['b']), fake('b', ['a'])])).to.throw(/circle/);
  });

  it('when MODULES limits the installation, then only those are discovered, and an unknown key is an error', () => {
    expect(discoverModules({ modules: ['fixture'], moduleDirs: [`${process.cwd()}/test/fixtures/modules`] }).map((m) => m.manifest.key)).to.deep.equal(['fixture']);
    expect(discoverModules({ modules: [], moduleDirs: [`${process.cwd()}/test/fixtures/modules`] })).to.deep.equal([]);
    expect(() => discoverModules({ modules: ['nope'], moduleDirs: [] })).to.throw(/MODULES lists "nope"/);
  });
});

describe('module switches are audited', () => {
  it('when a module is switched through the service (the CLI path), then the change and its audit entry commit together', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    await kernel.moduleConfig.setEnabled(org, 'fixture', false, 'cli:tester');
    const [rows] = await kernel.db.sequelize.query(
      'SELECT event_type, username, resource_id FROM audit_logs WHERE organization_id = ? ORDER BY seq DESC LIMIT 1', { replacements: [org] });
    expect(rows).to.deep.equal([{ event_type: 'module.disabled', username: 'cli:tester', resource_id: 'fixture' }]);
  });
});
