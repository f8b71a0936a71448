import type { FieldProblem } from '../../http/errors';
import type { PostalAddress } from '../../identity/models/organization.model';
import { isIanaTimeZone, type NewOrganization } from '../organization-factory';
import type { MailingAddress, OrganizationStepRequest } from '../onboarding.types';
import { logoProblem } from './logo';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The checks tsoa's types cannot express (zone names, the chosen identifier, the logo). */
export function organizationProblems(body: OrganizationStepRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.name.trim().length < 2) problems.push({ field: 'name', message: 'Name must be at least 2 characters' });
  if (!isIanaTimeZone(body.timezone)) problems.push({ field: 'timezone', message: 'Timezone must be an IANA zone such as America/Chicago' });
  const id = body[body.identifier_type];
  if (!id || !id.trim()) problems.push({ field: body.identifier_type, message: `${body.identifier_type} is required for identifier type ${body.identifier_type}` });
  if (body.email && !EMAIL.test(body.email)) problems.push({ field: 'email', message: 'Not a valid email address' });
  if (!body.physical_address_same && !body.physical_address) problems.push({ field: 'physical_address', message: 'Physical address is required unless it is the mailing address' });
  if (body.logo) {
    const problem = logoProblem(body.logo);
    if (problem) problems.push({ field: 'logo', message: problem });
  }
  return problems;
}

function address(a: MailingAddress): PostalAddress {
  return { line1: a.line1, line2: a.line2 ?? null, city: a.city, state: a.state, zip: a.zip_code, country: a.country ?? null };
}

export function toNewOrganization(body: OrganizationStepRequest, slug: string): NewOrganization {
  return {
    name: body.name.trim(), slug, timezone: body.timezone, organizationType: body.organization_type,
    phone: body.phone ?? null, fax: body.fax ?? null, email: body.email ?? null, website: body.website ?? null,
    county: body.county ?? null, foundedYear: body.founded_year ?? null, logo: body.logo ?? null,
    mailingAddress: address(body.mailing_address),
    physicalAddressSame: body.physical_address_same,
    physicalAddress: body.physical_address_same ? address(body.mailing_address) : address(body.physical_address!),
    identifierType: body.identifier_type,
    fdid: body.fdid ?? null, stateId: body.state_id ?? null, departmentId: body.department_id ?? null,
  };
}
