import { expect } from 'chai';
import { getTestKernel, api } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { ValidationError, NotFoundError } from '../../../core/http/errors';
import { ModuleConfig } from '../../../core/modules/module-config.model';
import { discoverModules, orderByDependencies } from '../../../core/modules/discovery';
import type { InstalledModule, ModuleManifest } from '../../../core/modules/manifest';
import crypto from 'node:crypto';
import Joi from 'joi';
import { ModuleConfigService } from '../../../core/modules/module-config.service';
import { TOKENS } from '../../../core/kernel/tokens';
import { AUDIT_RECORDER } from '../../../core/audit/audit.types';
import { captureLogger } from '../../support/log-capture';

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

/** Polls until `done` holds (a background reload has finished); fails after three seconds. */
async function waitFor(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('not within 3 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A row written behind the service's back, as another process would before its announcement arrives. */
async function disableQuietly(org: string): Promise<void> {
  await ModuleConfig.create({ id: crypto.randomUUID(), organizationId: org, moduleKey: 'fixture', enabled: false, settings: {}, updatedBy: 'elsewhere' });
}

describe('module configuration copies in memory', () => {
  afterEach(async () => {
    const kernel = await getTestKernel();
    kernel.moduleConfig.ttlMs = ModuleConfigService.TTL_MS;
    ModuleConfig.removeHook('afterFind', 'test-gate');
    ModuleConfig.removeHook('beforeFind', 'test-fault');
  });

  it('when a copy has expired, then it is still served while one reload runs, and what the reload read is served after it', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    expect(await kernel.moduleConfig.isEnabled(org, 'fixture')).to.equal(true);
    await disableQuietly(org);
    let loads = 0;
    ModuleConfig.addHook('afterFind', 'test-gate', () => { loads++; });
    kernel.moduleConfig.ttlMs = 0;
    // Ten readers at expiry: none waits, all get the old copy, and they share one reload.
    const answers = await Promise.all(Array.from({ length: 10 }, () => kernel.moduleConfig.isEnabled(org, 'fixture')));
    expect(answers).to.deep.equal(Array(10).fill(true));
    kernel.moduleConfig.ttlMs = ModuleConfigService.TTL_MS;
    await waitFor(async () => (await kernel.moduleConfig.isEnabled(org, 'fixture')) === false);
    expect(loads).to.equal(1);
  });

  it('when the reload of an expired copy fails, then the previous copy is still served, the failure is logged, the next attempt waits a second, and a later reload succeeds', async () => {
    const kernel = await getTestKernel();
    const c = kernel.container;
    const log = captureLogger();
    // A service of its own, to read what it logs; the same database, bus and modules as the server's.
    const service = new ModuleConfigService(kernel.db, c.get(TOKENS.Bus), log.logger, kernel.modules, c.get(AUDIT_RECORDER));
    const org = (await createOrganization()).id;
    expect(await service.isEnabled(org, 'fixture')).to.equal(true);
    await disableQuietly(org);
    let refused = 0;
    ModuleConfig.addHook('beforeFind', 'test-fault', () => { refused++; throw new Error('pool exhausted (injected)'); });
    service.ttlMs = 50;
    await new Promise((r) => setTimeout(r, 60));
    expect(await service.isEnabled(org, 'fixture')).to.equal(true);
    await waitFor(async () => refused > 0);
    await new Promise((r) => setImmediate(r));
    // Within the retry pause: served from the copy, no new attempt.
    for (let i = 0; i < 20; i++) expect(await service.isEnabled(org, 'fixture')).to.equal(true);
    expect(refused).to.equal(1);
    expect(log.lines().filter((l) => l.msg === 'module configuration reload failed; serving the previous copy')).to.have.length(1);
    expect(log.text()).to.include('pool exhausted (injected)');
    ModuleConfig.removeHook('beforeFind', 'test-fault');
    await waitFor(async () => (await service.isEnabled(org, 'fixture')) === false);
  });

  it('when a change is announced while a load is under way, then what that load read is not kept', async () => {
    const kernel = await getTestKernel();
    const org = (await createOrganization()).id;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let reached!: () => void;
    const atGate = new Promise<void>((r) => { reached = r; });
    ModuleConfig.addHook('afterFind', 'test-gate', async () => { reached(); await gate; });
    // This load reads the rows before the change and is held before it can keep them.
    const before = kernel.moduleConfig.isEnabled(org, 'fixture');
    await atGate;
    ModuleConfig.removeHook('afterFind', 'test-gate');
    await kernel.db.transaction((tx) => kernel.moduleConfig.write(tx, org, 'fixture', { enabled: false }, 'tester'));
    await kernel.moduleConfig.announce(org);
    release();
    expect(await before).to.equal(true);
    expect(await kernel.moduleConfig.isEnabled(org, 'fixture')).to.equal(false);
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
