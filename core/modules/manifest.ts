import type { Router } from 'express';
import type { ContainerModule } from 'inversify';
import type Joi from 'joi';
import type { ModelCtor } from 'sequelize-typescript';
import type { JobDefinition } from '../jobs/job.types';

export interface PermissionDefinition {
  /** `<module>.<action>`, e.g. `training.manage`. */
  name: string;
  description: string;
  category: string;
}

/**
 * What a feature module declares about itself (ARCHITECTURE.md, "The module contract"). The kernel
 * finds `modules/<key>/<key>.module.(ts|js)`, reads this object, and does the rest: models,
 * migrations (`<dir>/migrations`), container bindings, routes behind the per-organization gate,
 * permissions, settings validation and jobs.
 */
export interface ModuleManifest {
  key: string;
  title: string;
  version: string;
  description?: string;
  dependsOn?: string[];
  permissions: PermissionDefinition[];
  models: ModelCtor[];
  container?: ContainerModule;
  /** The module's tsoa-generated `RegisterRoutes`. */
  routes?: (router: Router) => void;
  /**
   * URL prefixes (under /api/v1) the module owns, e.g. `['/training']`. The gate answers 404 on
   * them for organizations that have the module off. Defaults to `['/<key>']`.
   */
  pathPrefixes?: string[];
  /** joi schema of the module's settings in `module_config.settings`; defaults come from it. */
  settingsSchema: Joi.ObjectSchema;
  /** Whether an organization with no `module_config` row has the module on. */
  defaultEnabled: boolean;
  jobs?: JobDefinition[];
}

/** A manifest found on disk, with where it came from. */
export interface InstalledModule {
  manifest: ModuleManifest;
  /** Folder of the manifest file. */
  dir: string;
  migrationsDir: string;
  /** The module's generated OpenAPI document, if it has routes. */
  openapiFile: string;
}

/** Identity helper that type-checks a manifest literal. */
export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}
