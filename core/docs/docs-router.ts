import path from 'node:path';
import express, { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { OpenApiDocument } from './openapi';
import { docsSecurityHeaders } from '../http/security-headers';

const REDOC_BUNDLE = path.join(path.dirname(require.resolve('redoc/package.json')), 'bundles');

const redocPage = (title: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/assets/redoc.standalone.js"></script></body></html>`;

/**
 * `/openapi.json`, Swagger UI at `/docs` and ReDoc at `/redoc`. Every asset is served from
 * node_modules: department servers are often offline, and a CDN would also be a tracking point.
 */
export function docsRouter(document: OpenApiDocument): Router {
  const router = Router();
  const title = document.info.title;
  router.get('/openapi.json', (_req, res) => { res.json(document); });
  router.use('/docs', docsSecurityHeaders(), swaggerUi.serveFiles(document), swaggerUi.setup(document, { customSiteTitle: title, swaggerOptions: { url: '/openapi.json' } }));
  router.use('/redoc/assets', docsSecurityHeaders(), express.static(REDOC_BUNDLE, { fallthrough: false, index: false }));
  router.get('/redoc', docsSecurityHeaders(), (_req, res) => { res.type('html').send(redocPage(title)); });
  return router;
}
