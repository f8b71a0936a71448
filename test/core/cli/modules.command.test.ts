import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import { createOrganization } from '../../support/orgs';
import { runCli } from '../../support/processes';
import { ModuleConfig } from '../../../core/modules/module-config.model';
import type { Kernel } from '../../../core/kernel/kernel';
import type { Organization } from '../../../core/identity/models/organization.model';
import { expectOneLineError, json, runCliPairwise } from './cli-helpers';

interface OrgListJson {
  organization: { id: string; slug: string; name: string };
  modules: Array<{ key: string; title: string; version: string; defaultEnabled: boolean; enabled: boolean; source: string; settings: Record<string, unknown> }>;
}

/** Polls until the in-process server sees `expected`; returns how long that took after the CLI exited. */
async function msUntil(kernel: Kernel, organizationId: string, expected: boolean, limitMs = 3000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await kernel.moduleConfig.isEnabled(organizationId, 'fixture') === expected) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

describe('logbook modules (spawned CLI against the run database and Redis)', () => {
  let kernel: Kernel;
  let org: Organization;

  before(async () => {
    kernel = await getTestKernel();
    org = await createOrganization('Station CLI');
  });

  it('when listing, then every installed module shows key, title, version and default; with --org, its state there and the settings', async () => {
    const [plain, forOrg] = await runCliPairwise([[['modules', 'list']], [['modules', 'list', '--org', org.slug, '--json']]]);
    expect(plain.code, plain.stderr).to.equal(0);
    const lines = plain.stdout.trim().split('\n');
    expect(lines[0]).to.match(/^KEY +TITLE +VERSION +DEFAULT$/);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => r[0])).to.deep.equal(kernel.modules.map((m) => m.manifest.key));
    expect(rows.find((r) => r[0] === 'fixture')).to.deep.equal(['fixture', 'Fixture', '1.0.0', 'on']);

    const list = json<OrgListJson>(forOrg);
    expect(list.organization).to.deep.equal({ id: org.id, slug: org.slug, name: 'Station CLI' });
    expect(list.modules.map((m) => m.key)).to.deep.equal(kernel.modules.map((m) => m.manifest.key));
    expect(list.modules.find((m) => m.key === 'fixture')).to.deep.equal({
      key: 'fixture', title: 'Fixture', version: '1.0.0', defaultEnabled: true,
      enabled: true, source: 'default', settings: { greeting: 'hello', max_notes: 10 },
    });
  });

  it('when disabling a module for an organization, then a running server sees it off within 1 s (bus, not cache expiry)', async () => {
    // Warm the server's cache first: without the bus it would keep answering "on" for its 10 s TTL.
    expect(await kernel.moduleConfig.isEnabled(org.id, 'fixture')).to.equal(true);
    const out = await runCli(['modules', 'disable', 'fixture', '--org', org.slug]);
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout.trim()).to.equal(`fixture: disabled for ${org.slug}`);
    expect(await msUntil(kernel, org.id, false)).to.be.below(1000);
    const row = await ModuleConfig.findOne({ where: { organizationId: org.id, moduleKey: 'fixture' }, raw: true });
    expect(row?.enabled).to.satisfy((v: unknown) => v === false || v === 0);
    expect(row?.updatedBy).to.match(/^cli/);
  });

  it('when enabling it again, then the server sees it on within 1 s', async () => {
    expect(await kernel.moduleConfig.isEnabled(org.id, 'fixture')).to.equal(false);
    const out = await runCli(['modules', 'enable', 'fixture', '--org', org.slug]);
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout.trim()).to.equal(`fixture: enabled for ${org.slug}`);
    expect(await msUntil(kernel, org.id, true)).to.be.below(1000);
  });

  it('when the organization slug or the module key is unknown, then exit 1 with a one-line error and the state set before stays', async () => {
    const before = await ModuleConfig.count();
    const [unknownOrg, unknownModule, listed] = await runCliPairwise([
      [['modules', 'disable', 'fixture', '--org', 'no-such-station']],
      [['modules', 'enable', 'ladders', '--org', org.slug]],
      [['modules', 'list', '--org', org.slug, '--json']],
    ]);
    expect(json<OrgListJson>(listed).modules.find((m) => m.key === 'fixture'), 'the state the CLI toggled, now decided by the organization').to.deep.include({ enabled: true, source: 'organization' });
    expectOneLineError(unknownOrg, 1, /^error: no organization with slug "no-such-station"$/);
    expectOneLineError(unknownModule, 1, /^error: no installed module "ladders" \(installed: .*\bfixture\b.*\)$/);
    expect(await ModuleConfig.count()).to.equal(before);
    expect(await kernel.moduleConfig.isEnabled(org.id, 'fixture')).to.equal(true);
  });
});
