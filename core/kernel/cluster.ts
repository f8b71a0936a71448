import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';

/** A worker that dies within this long of starting counts as crash-looping: restarts slow down. */
const STABLE_AFTER_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** Beyond the workers' own drain time, how long the primary waits before it kills them. */
const KILL_MARGIN_MS = 5_000;

interface ReadyMessage { type: 'ready'; port: number }

function isReady(msg: unknown): msg is ReadyMessage {
  return typeof msg === 'object' && msg !== null && (msg as ReadyMessage).type === 'ready' && typeof (msg as ReadyMessage).port === 'number';
}

/**
 * The primary of `npm start` with WEB_CONCURRENCY > 1: forks the workers (each boots the whole
 * kernel and shares the listening port through node:cluster), replaces a worker that dies, and on
 * SIGTERM/SIGINT lets every worker drain before it exits. It holds no database or Redis
 * connection itself. Ready (for a supervising parent, as main.ts reports it) once every worker is.
 */
export function runClusterPrimary(config: Config, logger: Logger): void {
  const size = config.webConcurrency;
  let stopping = false;
  let started = 0;
  let port: number | null = null;
  const readyOnce = new Set<number>();
  let restartDelay = 1000;

  const fork = (): Worker => {
    const worker = cluster.fork();
    const bornAt = Date.now();
    worker.on('message', (msg: unknown) => {
      if (!isReady(msg)) return;
      port = msg.port;
      if (readyOnce.has(worker.id)) return;
      readyOnce.add(worker.id);
      logger.info({ worker: worker.id, pid: worker.process.pid, port }, 'worker ready');
      started++;
      if (started === size) {
        logger.info({ workers: size, port }, 'cluster ready');
        // Log lines are buffered; a supervisor reading them after "ready" should find them there.
        logger.flush(() => process.send?.({ type: 'ready', port }));
      }
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!readyOnce.has(worker.id) && started < size) {
        // A worker that cannot boot the first time (bad config, database unreachable) will not boot on a retry either.
        logger.fatal({ worker: worker.id, code, signal }, 'a worker failed to start; stopping the cluster');
        void stop(1);
        return;
      }
      const lived = Date.now() - bornAt;
      restartDelay = lived > STABLE_AFTER_MS ? 1000 : Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
      logger.error({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: restartDelay }, 'worker exited; starting a replacement');
      setTimeout(() => { if (!stopping) fork(); }, restartDelay).unref();
    });
    return worker;
  };

  const stop = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exits = workers.map((w) => new Promise<void>((resolve) => {
      if (w.isDead()) { resolve(); return; }
      w.once('exit', () => resolve());
      w.process.kill('SIGTERM');
    }));
    const killer = setTimeout(() => { for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL'); }, config.shutdownTimeoutMs + KILL_MARGIN_MS);
    await Promise.all(exits);
    clearTimeout(killer);
    process.exit(exitCode);
  };

  process.on('SIGTERM', () => { void stop(0); });
  process.on('SIGINT', () => { void stop(0); });
  logger.info({ workers: size }, 'starting workers');
  for (let i = 0; i < size; i++) fork();
}
