import os from 'node:os';
import type { Command } from 'commander';
import { CliError, cliConfig, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import { EXIT, guarded } from '../cli-errors';
import { onOff, table } from '../format';
import { discoverModules } from '../../modules/discovery';
import { ModuleConfigService } from '../../modules/module-config.service';
import { Organization } from '../../identity/models/organization.model';
import type { Kernel } from '../../kernel/kernel';
import type { InstalledModule } from '../../modules/manifest';

interface OrganizationRef {
  id: string;
  slug: string;
  name: string;
}

interface ModuleRow {
  key: string;
  title: string;
  version: string;
  defaultEnabled: boolean;
}

interface OrgModuleRow extends ModuleRow {
  enabled: boolean;
  /** `organization`: a module_config row decides; `default`: the manifest's default applies. */
  source: 'organization' | 'default';
  settings: Record<string, unknown>;
}

function moduleRow(m: InstalledModule): ModuleRow {
  return { key: m.manifest.key, title: m.manifest.title, version: m.manifest.version, defaultEnabled: m.manifest.defaultEnabled };
}

async function findOrganization(slug: string): Promise<OrganizationRef> {
  const org = await Organization.findOne({ where: { slug }, attributes: ['id', 'slug', 'name'], raw: true });
  if (!org) throw new CliError(`error: no organization with slug "${slug}"`, EXIT.failure);
  return { id: org.id, slug: org.slug, name: org.name };
}

function assertInstalled(kernel: Kernel, key: string): void {
  if (kernel.moduleConfig.isInstalled(key)) return;
  const known = kernel.modules.map((m) => m.manifest.key).join(', ') || 'none';
  throw new CliError(`error: no installed module "${key}" (installed: ${known})`, EXIT.failure);
}

/** Who made the change, for module_config.updated_by: the operator's login where the OS tells us. */
function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`.slice(0, 64);
  } catch {
    return 'cli';
  }
}

async function listForOrganization(kernel: Kernel, slug: string): Promise<{ organization: OrganizationRef; modules: OrgModuleRow[] }> {
  const organization = await findOrganization(slug);
  const states = new Map((await kernel.moduleConfig.list(organization.id)).map((s) => [s.key, s]));
  const modules = kernel.modules.map((m): OrgModuleRow => {
    const state = states.get(m.manifest.key);
    return {
      ...moduleRow(m),
      enabled: state?.enabled ?? m.manifest.defaultEnabled,
      source: state?.configured ? 'organization' : 'default',
      settings: state?.settings ?? {},
    };
  });
  return { organization, modules };
}

function registerList(modules: Command, io: CliIo): void {
  modules
    .command('list')
    .description('list installed modules; with --org, whether each is on for that organization and its settings')
    .option('--org <slug>', 'organization slug')
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { org?: string; json?: boolean }) => {
      if (!opts.org) {
        // Reading manifests needs no database, so this works even before the first migration.
        const rows = discoverModules(cliConfig()).map(moduleRow);
        if (opts.json) { io.out(JSON.stringify({ modules: rows }, null, 2)); return; }
        if (rows.length === 0) { io.out('no modules installed'); return; }
        for (const l of table(['KEY', 'TITLE', 'VERSION', 'DEFAULT'], rows.map((r) => [r.key, r.title, r.version, onOff(r.defaultEnabled)]))) io.out(l);
        return;
      }
      const slug = opts.org;
      await withKernel(async (kernel) => {
        const result = await listForOrganization(kernel, slug);
        if (opts.json) { io.out(JSON.stringify(result, null, 2)); return; }
        io.out(`organization: ${result.organization.name} (${result.organization.slug})`);
        if (result.modules.length === 0) { io.out('no modules installed'); return; }
        const rows = result.modules.map((r) => [r.key, r.title, r.version, onOff(r.enabled), r.source, JSON.stringify(r.settings)]);
        for (const l of table(['KEY', 'TITLE', 'VERSION', 'ENABLED', 'SOURCE', 'SETTINGS'], rows)) io.out(l);
      });
    }));
}

function registerToggle(modules: Command, io: CliIo, enable: boolean): void {
  const verb = enable ? 'enable' : 'disable';
  modules
    .command(verb)
    .description(`${verb} a module for one organization; running servers see it within a second`)
    .argument('<key>', 'module key')
    .requiredOption('--org <slug>', 'organization slug')
    .option('--json', 'print JSON')
    .action(guarded(async (key: string, opts: { org: string; json?: boolean }) => withKernel(async (kernel) => {
      assertInstalled(kernel, key);
      const organization = await findOrganization(opts.org);
      const service = kernel.moduleConfig;
      const before = await service.isEnabled(organization.id, key);
      // The change is announced on the bus; with Redis away, other servers only notice when their cache expires.
      const cachePing = await kernel.cache.ping();
      const state = await service.setEnabled(organization.id, key, enable, cliActor());
      if (opts.json) { io.out(JSON.stringify({ organization, module: key, enabled: state.enabled, was: before }, null, 2)); return; }
      io.out(`${key}: ${enable ? 'enabled' : 'disabled'} for ${organization.slug}${before === enable ? ' (it already was)' : ''}`);
      if (!cachePing.ok) io.err(`warning: Redis unreachable (${cachePing.reason ?? 'no answer'}); running servers pick the change up within ${ModuleConfigService.TTL_MS / 1000} s`);
    })));
}

/** `logbook modules list|enable|disable`: per-organization feature switches. */
export const registerModulesCommands: RegisterCommands = (program, io) => {
  const modules = program
    .command('modules')
    .description('list installed modules and switch them on or off per organization')
    .addHelpText('after', '\nExit codes: 0 ok, 1 failure, 2 usage error.');
  registerList(modules, io);
  registerToggle(modules, io, true);
  registerToggle(modules, io, false);
};
