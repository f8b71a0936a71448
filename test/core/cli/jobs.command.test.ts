import { expect } from 'chai';
import { getTestKernel } from '../../support/kernel';
import type { JobInfo, JobRunRecord } from '../../../core/jobs/scheduler';
import { expectOneLineError, json, runCliPairwise, type CliResult } from './cli-helpers';
import { createScratchModule, SCRATCH_JOB, SCRATCH_JOB_ERROR, type ScratchModule } from './scratch-module';

describe('logbook jobs (spawned CLI, fixture module job and a job that always fails)', () => {
  let scratch: ScratchModule;
  let run: CliResult;
  let unknown: CliResult;
  let list: CliResult;
  let failing: CliResult;

  before(async function () {
    this.timeout(120_000);
    scratch = createScratchModule();
    const env = { MODULE_DIRS: scratch.moduleDirs };
    [run, unknown] = await runCliPairwise([[['jobs', 'run', 'fixture.tick', '--json'], env], [['jobs', 'run', 'fixture.nothing'], env]]);
    // Listed after the run, so the last run must come back from the shared cache.
    [list, failing] = await runCliPairwise([[['jobs', 'list', '--json'], env], [['jobs', 'run', SCRATCH_JOB], env]]);
  });

  after(() => scratch?.remove());

  it('when running fixture.tick, then it prints a successful run record, also stored for every process in the shared cache', async () => {
    const record = json<JobRunRecord>(run);
    expect(record).to.include({ name: 'fixture.tick', ok: true });
    expect(record.result?.runs).to.be.a('number').and.to.be.at.least(1);
    expect(Date.parse(record.finishedAt)).to.be.at.least(Date.parse(record.startedAt));
    const kernel = await getTestKernel();
    expect(await kernel.cache.getJson<JobRunRecord>('jobs:last:fixture.tick')).to.deep.equal(record);
  });

  it('when listing, then each job shows its schedule, owning module and last run', () => {
    const jobs = json<JobInfo[]>(list);
    const tick = jobs.find((j) => j.name === 'fixture.tick');
    expect(tick).to.deep.include({ schedule: 'every 1s', owner: 'fixture', description: 'Counts its own runs in the cache' });
    expect(tick?.lastRun).to.deep.equal(json<JobRunRecord>(run));
    expect(jobs.find((j) => j.name === SCRATCH_JOB)).to.deep.include({ owner: 'scratch', schedule: 'every 3600s' });
  });

  it('when the job name is unknown, then exit 1 with a one-line error listing the known jobs', () => {
    expectOneLineError(unknown, 1, /^error: no job named "fixture\.nothing" \(known: .*\bfixture\.tick\b.*\)$/);
  });

  it('when the job fails, then the record says so and the exit code is 1', () => {
    expect(failing.stdout).to.match(/^outcome: +failed$/m);
    expect(failing.stdout).to.contain(SCRATCH_JOB_ERROR);
    expectOneLineError(failing, 1, new RegExp(`^error: job ${SCRATCH_JOB.replace('.', '\\.')} failed: ${SCRATCH_JOB_ERROR}$`));
  });
});
