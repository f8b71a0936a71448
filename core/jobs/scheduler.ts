import os from 'node:os';
import type { Container } from 'inversify';
import type { Cache } from '../cache';
import type { Logger } from '../logging/logger';
import type { JobDefinition, JobSchedule } from './job.types';

export interface JobRunRecord {
  name: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  durationMs: number;
  error?: string;
  result?: Record<string, unknown>;
  host: string;
}

export interface JobInfo {
  name: string;
  description: string;
  schedule: string;
  owner: string;
  lastRun: JobRunRecord | null;
}

const TICK_MS = 1000;
const RUN_TTL_SECONDS = 30 * 24 * 3600;

/** The slot a schedule is in at `now`: a run is due once per slot, cluster-wide. null = not due yet today. */
export function slotOf(schedule: JobSchedule, now: Date): string | null {
  if ('every' in schedule) return `i${Math.floor(now.getTime() / (schedule.every * 1000))}`;
  const [h, m] = schedule.dailyAt.split(':').map(Number);
  const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
  if (minutes < h * 60 + m) return null;
  return `d${now.toISOString().slice(0, 10)}`;
}

export function describeSchedule(schedule: JobSchedule): string {
  return 'every' in schedule ? `every ${schedule.every}s` : `daily at ${schedule.dailyAt} UTC`;
}

/**
 * Runs registered jobs on exactly one process at a time. Each process ticks every second; a due
 * slot is claimed with a set-if-absent marker in the shared cache (so one process runs it), and a
 * lock with TTL keeps a long run from overlapping the next one. Daily jobs missed while every
 * process was down run once when one comes back the same day.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, { def: JobDefinition; owner: string; lastSlot: string | null }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();

  constructor(private readonly cache: Cache, private readonly container: Container, private readonly logger: Logger) {}

  register(def: JobDefinition, owner: string): void {
    if (!/^[a-z0-9_]+\.[a-z0-9-]+$/.test(def.name)) throw new Error(`job name "${def.name}" must look like <module>.<what>`);
    if (this.jobs.has(def.name)) throw new Error(`job "${def.name}" registered twice`);
    if ('dailyAt' in def.schedule && !/^([01]\d|2[0-3]):[0-5]\d$/.test(def.schedule.dailyAt)) throw new Error(`job "${def.name}": dailyAt must be HH:MM`);
    if ('every' in def.schedule && !(def.schedule.every >= 1)) throw new Error(`job "${def.name}": every must be at least 1 second`);
    this.jobs.set(def.name, { def, owner, lastSlot: null });
  }

  has(name: string): boolean { return this.jobs.has(name); }

  async list(): Promise<JobInfo[]> {
    const infos: JobInfo[] = [];
    for (const { def, owner } of this.jobs.values()) {
      // A job list must still print while Redis is down; the last run is then unknown.
      const lastRun = await this.cache.getJson<JobRunRecord>(`jobs:last:${def.name}`).catch(() => null);
      infos.push({ name: def.name, description: def.description, schedule: describeSchedule(def.schedule), owner, lastRun });
    }
    return infos.sort((a, b) => a.name.localeCompare(b.name));
  }

  start(): void {
    if (this.timer) return;
    // Slots already past when we start count as seen for interval jobs; daily jobs may still catch up.
    const now = new Date();
    for (const job of this.jobs.values()) if ('every' in job.def.schedule) job.lastSlot = slotOf(job.def.schedule, now);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.running]);
  }

  private tick(): void {
    const now = new Date();
    for (const job of this.jobs.values()) {
      const slot = slotOf(job.def.schedule, now);
      if (slot === null || slot === job.lastSlot) continue;
      job.lastSlot = slot;
      const run = this.claimAndRun(job.def, slot, now).catch((err: Error) => this.logger.warn({ job: job.def.name, reason: err.message }, 'job not started'));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  private async claimAndRun(def: JobDefinition, slot: string, scheduledFor: Date): Promise<void> {
    const ttl = 'every' in def.schedule ? Math.max(def.schedule.every * 2, 10) : 36 * 3600;
    const claimed = await this.cache.setIfAbsent(`jobs:slot:${def.name}:${slot}`, os.hostname(), ttl);
    if (!claimed) return;
    await this.execute(def, scheduledFor);
  }

  /** Runs a job now (the CLI's `jobs run NAME`), unless it is already running somewhere. */
  async runNow(name: string): Promise<JobRunRecord> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    const record = await this.execute(job.def, new Date());
    if (!record) throw new Error(`job ${name} is already running on another process`);
    return record;
  }

  private async execute(def: JobDefinition, scheduledFor: Date): Promise<JobRunRecord | null> {
    const timeoutSeconds = def.timeoutSeconds ?? 300;
    const lock = await this.cache.acquireLock(`job:${def.name}`, timeoutSeconds * 1000);
    if (!lock) return null;
    const started = Date.now();
    const log = this.logger.child({ job: def.name });
    log.info('job started');
    let record: JobRunRecord;
    try {
      const result = await withTimeout(def.run({ container: this.container, logger: log, scheduledFor, signal: this.abort.signal }), timeoutSeconds * 1000);
      record = { name: def.name, startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString(), ok: true, durationMs: Date.now() - started, result: result ?? undefined, host: os.hostname() };
      log.info({ ms: record.durationMs }, 'job finished');
    } catch (err) {
      const message = (err as Error).message?.slice(0, 300) ?? 'error';
      record = { name: def.name, startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString(), ok: false, durationMs: Date.now() - started, error: message, host: os.hostname() };
      log.error({ ms: record.durationMs, reason: message }, 'job failed');
    } finally {
      await lock.release().catch(() => undefined);
    }
    await this.cache.setJson(`jobs:last:${def.name}`, record, RUN_TTL_SECONDS).catch(() => undefined);
    return record;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
