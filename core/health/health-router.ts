import type { Express, Response } from 'express';
import type { DependencyReport, HealthService } from './health.service';

function dependency(res: Response, report: DependencyReport): void {
  if (report.status === 'unavailable') res.setHeader('Retry-After', '5');
  res.status(report.status === 'unavailable' ? 503 : 200).json(report);
}

/**
 * `/health` (the SPA and load balancers), `/health/db`, `/health/redis`, and `/health/live` (no
 * dependency), on the app itself rather than a sub-router: probes come often, and a nested router
 * is a second dispatch loop on every request that reaches them.
 */
export function addHealthRoutes(app: Express, health: HealthService): void {
  app.get('/health/live', (_req, res) => { res.json({ status: 'alive' }); });
  app.get('/health', async (_req, res, next) => {
    try {
      const report = await health.report();
      res.status(report.status === 'unhealthy' ? 503 : 200).json(report);
    } catch (err) { next(err); }
  });
  app.get('/health/db', async (_req, res, next) => { try { dependency(res, await health.database()); } catch (err) { next(err); } });
  app.get('/health/redis', async (_req, res, next) => { try { dependency(res, await health.redis()); } catch (err) { next(err); } });
}
