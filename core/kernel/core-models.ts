import type { ModelCtor } from 'sequelize-typescript';
import { Organization } from '../identity/models/organization.model';
import { ModuleConfig } from '../modules/module-config.model';

/** Every model the core owns; the drift test compares them with what the core migrations create. */
export const CORE_MODELS: ModelCtor[] = [Organization, ModuleConfig];
