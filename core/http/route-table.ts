import type { NextFunction, Request, Response } from 'express';
import { AppError, NotFoundError } from './errors';

interface KnownRoute { pattern: RegExp; methods: Set<string> }

/**
 * Every path the server answers, with its methods, so an unknown method on a known path can get
 * 405 + Allow (ASVS 4.1.4) and anything else a 404 in the SPA's error shape.
 */
export class RouteTable {
  private readonly routes = new Map<string, KnownRoute>();

  /** `template` uses OpenAPI `{param}` or express `:param` placeholders. */
  add(template: string, methods: string[]): void {
    const key = template.replace(/\{[^}]+\}|:[A-Za-z0-9_]+/g, '*');
    let route = this.routes.get(key);
    if (!route) {
      const source = key.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
      route = { pattern: new RegExp(`^${source}/?$`), methods: new Set() };
      this.routes.set(key, route);
    }
    for (const m of methods) route.methods.add(m.toUpperCase());
    if (route.methods.has('GET')) route.methods.add('HEAD');
  }

  addOpenApiPaths(paths: Record<string, Record<string, unknown>>, basePath = ''): void {
    for (const [p, ops] of Object.entries(paths)) {
      this.add(basePath + p, Object.keys(ops).filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'head'].includes(k)));
    }
  }

  allowed(path: string): string[] | null {
    const methods = new Set<string>();
    for (const r of this.routes.values()) if (r.pattern.test(path)) for (const m of r.methods) methods.add(m);
    return methods.size > 0 ? [...methods].sort() : null;
  }

  /** The final handler: 405 for a known path with another method, 404 otherwise. */
  fallback() {
    return (req: Request, _res: Response, next: NextFunction): void => {
      const allowed = this.allowed(req.path);
      if (allowed && !allowed.includes(req.method)) {
        next(new AppError(405, 'LB-HTTP-005', `Method ${req.method} not allowed`, { Allow: allowed.join(', ') }));
        return;
      }
      next(new NotFoundError('Not found'));
    };
  }
}
