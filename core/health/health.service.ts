import type { Cache } from '../cache';
import type { Database, PingResult } from '../database/database';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthReport {
  status: HealthStatus;
  ready: boolean;
  version: string;
  checks: { database: 'connected' | 'disconnected'; redis: 'connected' | 'disconnected' | 'not_configured' };
  startup?: { phase: string; ready: boolean; uptime_seconds: number };
}

export interface DependencyReport {
  status: 'ok' | 'unavailable' | 'not_configured';
  latency_ms: number;
  reason?: string;
  backend?: string;
}

/** Answers the health probes. Liveness touches nothing; readiness needs the database (Redis down only degrades). */
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly db: Database,
    private readonly cache: Cache,
    private readonly version: string,
    private readonly state: () => { phase: string; ready: boolean },
  ) {}

  async database(): Promise<DependencyReport> {
    return toReport(await this.db.ping(1000), this.db.dialect);
  }

  async redis(): Promise<DependencyReport> {
    if (this.cache.kind === 'memory') return { status: 'not_configured', latency_ms: 0, backend: 'memory' };
    return toReport(await this.cache.ping(), 'redis');
  }

  async report(): Promise<HealthReport> {
    const [db, redis] = await Promise.all([this.database(), this.redis()]);
    const state = this.state();
    const dbOk = db.status === 'ok';
    const status: HealthStatus = !dbOk ? 'unhealthy' : redis.status === 'unavailable' || !state.ready ? 'degraded' : 'healthy';
    return {
      status,
      ready: state.ready && dbOk,
      version: this.version,
      checks: { database: dbOk ? 'connected' : 'disconnected', redis: redis.status === 'ok' ? 'connected' : redis.status === 'not_configured' ? 'not_configured' : 'disconnected' },
      startup: { phase: state.phase, ready: state.ready, uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000) },
    };
  }
}

function toReport(ping: PingResult | { ok: boolean; latencyMs: number; reason?: string }, backend: string): DependencyReport {
  return ping.ok
    ? { status: 'ok', latency_ms: ping.latencyMs, backend }
    : { status: 'unavailable', latency_ms: ping.latencyMs, reason: ping.reason, backend };
}
