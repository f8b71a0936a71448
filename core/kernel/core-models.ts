import type { ModelCtor } from 'sequelize-typescript';
import { Organization } from '../identity/models/organization.model';
import { ModuleConfig } from '../modules/module-config.model';
import { IDENTITY_MODELS } from '../identity/identity.models';
import { ClientErrorLog } from '../identity/api/client-error-log.model';
import { ONBOARDING_MODELS } from '../onboarding/onboarding.models';
import { AuditLog } from '../audit/models/audit-log.model';
import { AuditChainHead } from '../audit/models/audit-chain-head.model';
import { AuditCheckpoint } from '../audit/models/audit-checkpoint.model';

/** Every model the core owns; the drift test compares them with what the core migrations create. */
export const CORE_MODELS: ModelCtor[] = [Organization, ...IDENTITY_MODELS, ModuleConfig, ...ONBOARDING_MODELS, AuditLog, AuditChainHead, AuditCheckpoint, ClientErrorLog];
