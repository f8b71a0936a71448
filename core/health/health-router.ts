import { Router, type Response } from 'express';
import type { DependencyReport, HealthService } from './health.service';

function dependency(res: Response, report: DependencyReport): void {
  if (report.status === 'unavailable') res.setHeader('Retry-After', '5');
  res.status(report.status === 'unavailable' ? 503 : 200).json(report);
}

/** `/health` (the SPA and load balancers), `/health/db`, `/health/redis`, and `/health/live` (no dependency). */
export function healthRouter(health: HealthService): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => { res.json({ status: 'alive' }); });
  router.get('/health', async (_req, res, next) => {
    try {
      const report = await health.report();
      res.status(report.status === 'unhealthy' ? 503 : 200).json(report);
    } catch (err) { next(err); }
  });
  router.get('/health/db', async (_req, res, next) => { try { dependency(res, await health.database()); } catch (err) { next(err); } });
  router.get('/health/redis', async (_req, res, next) => { try { dependency(res, await health.redis()); } catch (err) { next(err); } });
  return router;
}
