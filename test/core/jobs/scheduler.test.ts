import crypto from 'node:crypto';
import { expect } from 'chai';
import { Container } from 'inversify';
import { JobScheduler, slotOf } from '../../../core/jobs/scheduler';
import { RedisCache } from '../../../core/cache';
import { createRedisClient } from '../../../core/cache/redis-client';
import { silentLogger } from '../../../core/logging/logger';
import { TEST_ENV } from '../../support/env';
import type { JobDefinition } from '../../../core/jobs/job.types';
import { getTestKernel } from '../../support/kernel';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const redisConfig = { host: TEST_ENV.REDIS_HOST, port: Number(TEST_ENV.REDIS_PORT), password: null, db: 0, keyPrefix: TEST_ENV.REDIS_KEY_PREFIX, commandTimeoutMs: 250 };

/** Two schedulers with their own Redis connections stand in for two processes sharing one Redis. */
async function twoSchedulers(prefix: string): Promise<{ s1: JobScheduler; s2: JobScheduler; close: () => Promise<void> }> {
  const c1 = createRedisClient(redisConfig, silentLogger, 'commands');
  const c2 = createRedisClient(redisConfig, silentLogger, 'commands');
  await Promise.all([c1.connect(), c2.connect()]);
  const s1 = new JobScheduler(new RedisCache(c1, prefix), new Container(), silentLogger);
  const s2 = new JobScheduler(new RedisCache(c2, prefix), new Container(), silentLogger);
  return { s1, s2, close: async () => { await s1.stop(); await s2.stop(); c1.disconnect(); c2.disconnect(); } };
}

describe('job scheduler', () => {
  it('when slots are computed, then interval slots change every period and daily slots start at the given UTC time', () => {
    expect(slotOf({ every: 60 }, new Date('2026-01-01T00:00:59Z'))).to.equal(slotOf({ every: 60 }, new Date('2026-01-01T00:00:00Z')));
    expect(slotOf({ every: 60 }, new Date('2026-01-01T00:01:00Z'))).to.not.equal(slotOf({ every: 60 }, new Date('2026-01-01T00:00:59Z')));
    expect(slotOf({ dailyAt: '06:30' }, new Date('2026-03-08T06:29:59Z'))).to.equal(null);
    expect(slotOf({ dailyAt: '06:30' }, new Date('2026-03-08T06:30:00Z'))).to.equal('d2026-03-08');
    expect(slotOf({ dailyAt: '06:30' }, new Date('2026-03-08T23:59:00Z'))).to.equal('d2026-03-08');
  });

  it('when a job is registered badly, then registration fails with the reason', async () => {
    const { s1, close } = await twoSchedulers(`${TEST_ENV.REDIS_KEY_PREFIX}:j${crypto.randomBytes(3).toString('hex')}`);
    const job = (over: Partial<JobDefinition>): JobDefinition => ({ name: 'core.x', description: 'x', schedule: { every: 1 }, run: async () => undefined, ...over });
    expect(() => s1.register(job({ name: 'Bad Name' }), 'core')).to.throw(/must look like/);
    expect(() => s1.register(job({ schedule: { dailyAt: '25:00' } }), 'core')).to.throw(/HH:MM/);
    s1.register(job({}), 'core');
    expect(() => s1.register(job({}), 'core')).to.throw(/twice/);
    await close();
  });

  it('when two processes run the same interval job for 3.5 s, then each slot runs exactly once across both', async function () {
    this.timeout(15_000);
    const prefix = `${TEST_ENV.REDIS_KEY_PREFIX}:j${crypto.randomBytes(3).toString('hex')}`;
    const { s1, s2, close } = await twoSchedulers(prefix);
    const runs: Array<{ by: string; slot: number }> = [];
    const job = (by: string): JobDefinition => ({
      name: 'core.count', description: 'counts', schedule: { every: 1 },
      run: async () => { runs.push({ by, slot: Math.floor(Date.now() / 1000) }); await sleep(50); },
    });
    s1.register(job('s1'), 'core');
    s2.register(job('s2'), 'core');
    s1.start();
    s2.start();
    await sleep(3500);
    await close();
    expect(runs.length).to.be.within(2, 4);
    const slots = runs.map((r) => r.slot);
    expect(new Set(slots).size).to.equal(slots.length);
  });

  it('when a run is still going, then a manual run elsewhere is refused rather than overlapping', async () => {
    const prefix = `${TEST_ENV.REDIS_KEY_PREFIX}:j${crypto.randomBytes(3).toString('hex')}`;
    const { s1, s2, close } = await twoSchedulers(prefix);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const def: JobDefinition = { name: 'core.slow', description: 'slow', schedule: { every: 3600 }, run: async () => { await gate; return { done: true }; } };
    s1.register(def, 'core');
    s2.register(def, 'core');
    const first = s1.runNow('core.slow');
    await sleep(100);
    let error: unknown;
    try { await s2.runNow('core.slow'); } catch (err) { error = err; }
    expect((error as Error).message).to.match(/already running/);
    release();
    const record = await first;
    expect(record).to.include({ ok: true, name: 'core.slow' });
    expect(record.result).to.deep.equal({ done: true });
    const [info] = await s2.list();
    expect(info.lastRun).to.include({ ok: true });
    await close();
  });

  it('when a job throws or exceeds its timeout, then the run is recorded as failed with the reason', async () => {
    const prefix = `${TEST_ENV.REDIS_KEY_PREFIX}:j${crypto.randomBytes(3).toString('hex')}`;
    const { s1, close } = await twoSchedulers(prefix);
    s1.register({ name: 'core.fail', description: 'fails', schedule: { every: 3600 }, run: async () => { throw new Error('mail server refused'); } }, 'core');
    s1.register({ name: 'core.hang', description: 'hangs', schedule: { every: 3600 }, timeoutSeconds: 1, run: () => new Promise(() => undefined) }, 'core');
    expect(await s1.runNow('core.fail')).to.include({ ok: false, error: 'mail server refused' });
    const hung = await s1.runNow('core.hang');
    expect(hung.ok).to.equal(false);
    expect(hung.error).to.match(/timed out/);
    await close();
  });

  it('when the kernel boots, then module jobs are registered with their owner', async () => {
    const kernel = await getTestKernel();
    const jobs = await kernel.jobs.list();
    expect(jobs.find((j) => j.name === 'fixture.tick')).to.include({ owner: 'fixture', schedule: 'every 1s' });
  });
});
