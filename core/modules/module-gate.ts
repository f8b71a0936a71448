import type { NextFunction, Request, Response } from 'express';
import type { ModuleConfigService } from './module-config.service';
import { getRequestAuth } from '../security/request-auth';
import { NotFoundError } from '../http/errors';

/**
 * 404 for every path a module owns when the caller's organization has it off: to that department
 * the module does not exist. Requests without credentials pass on to the route's own
 * authentication, which answers 401.
 */
export function moduleGate(key: string, modules: ModuleConfigService) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    getRequestAuth(req)
      .then(async (auth) => {
        if (auth && !(await modules.isEnabled(auth.organizationId, key))) throw new NotFoundError('Not found', 'LB-MOD-001');
        next();
      })
      .catch(next);
  };
}
