import { SingleBar } from 'cli-progress';
import { CliError, cliConfig, withKernel, type CliIo, type RegisterCommands } from '../cli-context';
import { EXIT, guarded, usageError } from '../cli-errors';
import { newDemoAdminPassword, seedDemoDepartment, type DemoSeedResult } from '../../seed/demo-department';
import { MAX_SCALE_MEMBERS, seedScale, type ScaleSeedResult } from '../../seed/scale-seed';
import type { SeedProgress } from '../../seed/seed.types';
import { environmentWithDotenv } from '../../config/load-config';

interface SeedOptions {
  demo?: boolean;
  scale?: number;
  force?: boolean;
  json?: boolean;
  newAdminPassword?: boolean;
}

function memberCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_SCALE_MEMBERS) throw usageError(`expected a whole number of members from 1 to ${MAX_SCALE_MEMBERS}`);
  return n;
}

/** A bar on stderr; cli-progress draws only on a terminal, so pipes, logs and --json stay clean. */
function progressBar(enabled: boolean): SeedProgress & { stop(): void } {
  const bar = new SingleBar({ stream: process.stderr, format: 'seeding [{bar}] {percentage}% {value}/{total}  {part}', hideCursor: true, clearOnComplete: true });
  let total = 0;
  let started = false;
  return {
    plan(steps) {
      if (!enabled) return;
      total += steps;
      if (started) bar.setTotal(total); else { bar.start(total, 0, { part: '' }); started = true; }
    },
    tick(steps = 1, part = '') { if (started) bar.increment(steps, { part }); },
    stop() { if (started) bar.stop(); },
  };
}

function counts(created: Record<string, number>): string {
  return Object.entries(created).map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ');
}

function printDemo(io: CliIo, r: DemoSeedResult): void {
  io.out(r.unchanged ? `demo department already complete, nothing changed: ${r.organization.name} (${r.organization.slug})` : `demo department ready: ${r.organization.name} (${r.organization.slug})`);
  io.out(`members: ${r.members.total} (${r.members.created} created now)`);
  for (const m of r.modules) io.out(m.enabled ? `${m.module}: created ${counts(m.created)}` : `${m.module}: off for this organization, skipped`);
  if (r.admin.temporaryPassword) {
    io.out(`sign in as ${r.admin.username} with this temporary password (shown only now; you choose your own at first sign-in):`);
    io.out(r.admin.temporaryPassword);
  } else {
    io.out(`sign in as ${r.admin.username} (its temporary password was printed by the run that created it; --new-admin-password issues another)`);
  }
}

function printScale(io: CliIo, r: ScaleSeedResult): void {
  const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
  io.out(`scale organization: ${r.organization.slug} (${r.organization.id})`);
  io.out(`rows: ${Object.entries(r.rows).map(([t, n]) => `${t} ${n}`).join(', ')} (${total} in ${r.batches} audited batches)`);
  io.out(`time: ${r.seconds.toFixed(1)} s, ${Math.round(r.recordsPerSecond)} records/s`);
}

/** `logbook seed --demo` and `logbook seed --scale N`. */
export const registerSeedCommands: RegisterCommands = (program, io) => {
  program
    .command('seed')
    .description('create a demo department (--demo), or N members of benchmark data (--scale N); refuses production without --force')
    .option('--demo', 'a realistic demo department through the API\'s services; a second run changes nothing')
    .option('--scale <members>', 'a new organization with this many members and bulk data (100 training records each)', memberCount)
    .option('--new-admin-password', 'with --demo: give demo.admin a new temporary password (when the printed one was lost)')
    .option('--force', 'allow seeding when ENVIRONMENT=production')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nThe demo administrator\'s temporary password is printed once, by the run that creates it.\nExit codes: 0 ok, 1 failure, 2 usage error (including production without --force).')
    .action(guarded(async (opts: SeedOptions) => {
      if (Boolean(opts.demo) === (opts.scale !== undefined)) throw new CliError('error: give exactly one of --demo or --scale <members> (see --help)', EXIT.usage);
      if (opts.newAdminPassword && !opts.demo) throw new CliError('error: --new-admin-password goes with --demo (see --help)', EXIT.usage);
      // Decided on the raw name (environment or .env) before the rest of the configuration is
      // validated, so the refusal is the one line an operator sees whatever else is missing.
      if (environmentWithDotenv().ENVIRONMENT?.trim() === 'production' && !opts.force) {
        throw new CliError('error: refusing to seed a production installation (ENVIRONMENT=production); add --force if you mean it', EXIT.usage);
      }
      const config = cliConfig();
      const bar = progressBar(!opts.json && process.stderr.isTTY === true);
      const result = await withKernel(async (kernel) => {
        try {
          if (!opts.demo) return await seedScale(kernel, opts.scale!, bar);
          const demo = await seedDemoDepartment(kernel, bar);
          if (opts.newAdminPassword && !demo.admin.temporaryPassword) {
            demo.admin.temporaryPassword = (await newDemoAdminPassword(kernel)).temporaryPassword;
            demo.unchanged = false;
          }
          return demo;
        } finally {
          bar.stop();
        }
      }, { migrate: config.migrateOnStart });
      if (opts.json) io.out(JSON.stringify(result, null, 2));
      else if (opts.demo) printDemo(io, result as DemoSeedResult);
      else printScale(io, result as ScaleSeedResult);
    }));
};
