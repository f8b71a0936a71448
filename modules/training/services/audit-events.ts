import { changeEvent, type Actor } from '../../../core/identity/api/actor';
import type { AuditEvent, AuditSeverity } from '../../../core/audit/audit.types';

/** A training change by `actor`: category `training`, event `training.<resource>-<verb>`, field names only in event_data. */
export function trainingEvent(actor: Actor, eventType: string, resourceType: string, resourceId: string, eventData: Record<string, unknown> = {}, severity: AuditSeverity = 'info'): AuditEvent {
  return changeEvent(actor, { eventType: `training.${eventType}`, eventCategory: 'training', resourceType, resourceId, eventData, severity });
}
