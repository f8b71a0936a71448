import type { ServiceIdentifier } from 'inversify';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { Database } from '../database/database';
import type { Bus, Cache } from '../cache';
import type { InstalledModule } from '../modules/manifest';

/** Identifiers for the core services that are not classes (or that modules should ask for by role). */
export const TOKENS = {
  Config: Symbol.for('logbook.Config') as ServiceIdentifier<Config>,
  Logger: Symbol.for('logbook.Logger') as ServiceIdentifier<Logger>,
  Database: Symbol.for('logbook.Database') as ServiceIdentifier<Database>,
  Cache: Symbol.for('logbook.Cache') as ServiceIdentifier<Cache>,
  Bus: Symbol.for('logbook.Bus') as ServiceIdentifier<Bus>,
  InstalledModules: Symbol.for('logbook.InstalledModules') as ServiceIdentifier<readonly InstalledModule[]>,
} as const;
