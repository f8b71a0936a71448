import crypto from 'node:crypto';
import { Organization } from '../../core/identity/models/organization.model';

/** Creates an organization row directly (the identity issue will bring the real onboarding). */
export async function createOrganization(name = 'Test Department'): Promise<Organization> {
  const id = crypto.randomUUID();
  return Organization.create({ id, name, slug: `org-${id.slice(0, 8)}`, timezone: 'America/Chicago', active: true });
}
