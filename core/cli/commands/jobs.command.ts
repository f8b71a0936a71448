import { CliError, withKernel, type RegisterCommands } from '../cli-context';
import { EXIT, guarded } from '../cli-errors';
import { isoOrDash, table } from '../format';
import type { JobInfo, JobRunRecord } from '../../jobs/scheduler';

function describeRun(run: JobRunRecord | null): string {
  if (!run) return 'never';
  return `${isoOrDash(run.startedAt)} ${run.ok ? 'ok' : 'failed'} ${run.durationMs}ms`;
}

function printRecord(lines: (l: string) => void, record: JobRunRecord): void {
  lines(`job:      ${record.name}`);
  lines(`outcome:  ${record.ok ? 'ok' : 'failed'}`);
  lines(`started:  ${record.startedAt}`);
  lines(`finished: ${record.finishedAt} (${record.durationMs} ms)`);
  lines(`host:     ${record.host}`);
  if (record.error) lines(`error:    ${record.error}`);
  if (record.result) lines(`result:   ${JSON.stringify(record.result)}`);
}

/** `logbook jobs list|run NAME`: the periodic work modules register, and a way to run one now. */
export const registerJobsCommands: RegisterCommands = (program, io) => {
  const jobs = program
    .command('jobs')
    .description('list scheduled jobs and run one now')
    .addHelpText('after', '\nExit codes: 0 ok, 1 failure (including a job that ran and failed), 2 usage error.');

  jobs
    .command('list')
    .description('list jobs with their schedule, owning module and last run (from the shared cache)')
    .option('--json', 'print JSON')
    .action(guarded(async (opts: { json?: boolean }) => withKernel(async (kernel) => {
      const list: JobInfo[] = await kernel.jobs.list();
      if (opts.json) { io.out(JSON.stringify(list, null, 2)); return; }
      if (list.length === 0) { io.out('no jobs registered'); return; }
      for (const l of table(['NAME', 'SCHEDULE', 'OWNER', 'LAST RUN'], list.map((j) => [j.name, j.schedule, j.owner, describeRun(j.lastRun)]))) io.out(l);
    })));

  jobs
    .command('run')
    .description('run a job now on this machine (unless it is running elsewhere) and print the run record')
    .argument('<name>', 'job name, e.g. training.expiry-alerts')
    .option('--json', 'print JSON')
    .action(guarded(async (name: string, opts: { json?: boolean }) => withKernel(async (kernel) => {
      if (!kernel.jobs.has(name)) {
        const known = (await kernel.jobs.list()).map((j) => j.name).join(', ') || 'none';
        throw new CliError(`error: no job named "${name}" (known: ${known})`, EXIT.failure);
      }
      const record = await kernel.jobs.runNow(name);
      if (opts.json) io.out(JSON.stringify(record, null, 2));
      else printRecord((l) => io.out(l), record);
      if (!record.ok) throw new CliError(`error: job ${name} failed: ${record.error ?? 'unknown error'}`, EXIT.failure);
    })));
};
