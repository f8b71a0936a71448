import express, { type Express, type NextFunction, type Request, type Response, Router } from 'express';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { InstalledModule } from '../modules/manifest';
import type { ModuleConfigService } from '../modules/module-config.service';
import type { HealthService } from '../health/health.service';
import type { OpenApiDocument } from '../docs/openapi';
import { edge } from '../http/edge';
import { errorHandler } from '../http/error-handler';
import { RouteTable } from '../http/route-table';
import { addHealthRoutes } from '../health/health-router';
import { docsRouter } from '../docs/docs-router';
import { moduleGate } from '../modules/module-gate';

export const API_PREFIX = '/api/v1';

export interface AppParts {
  config: Config;
  logger: Logger;
  health: HealthService;
  openapi: OpenApiDocument;
  modules: readonly InstalledModule[];
  moduleConfig: ModuleConfigService;
  /** The core's tsoa RegisterRoutes. */
  coreRoutes: (router: Router) => void;
  /** Extra middleware that runs on /api before routing (CSRF, arriving with identity). */
  apiMiddleware?: Array<(req: Request, res: Response, next: NextFunction) => void>;
}

/**
 * The express application, in the order ARCHITECTURE.md gives: request id, access log, headers,
 * CORS, body limits, then routes (each module's behind its gate), then 404/405 and the one error handler.
 */
export function createApp(parts: AppParts): Express {
  const { config, logger } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustedProxyIps.length > 0 ? [...config.trustedProxyIps] : false);
  app.set('query parser', 'simple');

  app.use(edge({
    logger,
    allowedOrigins: config.allowedOrigins,
    behindProxies: config.trustedProxyIps.length > 0,
    apiPaths: [API_PREFIX, '/health'],
    maxBodyBytes: config.maxRequestBodyBytes,
    maxJsonDepth: config.maxJsonDepth,
  }));

  const routes = new RouteTable();
  addHealthRoutes(app, parts.health);
  for (const p of ['/health', '/health/live', '/health/db', '/health/redis']) routes.add(p, ['GET']);

  if (config.enableDocs) {
    app.use(docsRouter(parts.openapi));
    for (const p of ['/openapi.json', '/docs', '/redoc']) routes.add(p, ['GET']);
  }

  for (const mw of parts.apiMiddleware ?? []) app.use(API_PREFIX, mw);

  for (const m of parts.modules) {
    const prefixes = (m.manifest.pathPrefixes ?? [`/${m.manifest.key}`]).map((p) => API_PREFIX + p);
    app.use(prefixes, moduleGate(m.manifest.key, parts.moduleConfig));
  }
  const api = Router();
  parts.coreRoutes(api);
  for (const m of parts.modules) m.manifest.routes?.(api);
  app.use(api);
  routes.addOpenApiPaths(parts.openapi.paths);

  app.use(routes.fallback());
  app.use(errorHandler(logger));
  return app;
}
