import type { ProfileFields, UpdateProfileRequest } from './users.types';

/** API field -> model attribute, for the fields a profile body may set. */
const ATTRIBUTES: Record<keyof UpdateProfileRequest, string> = {
  first_name: 'firstName', middle_name: 'middleName', last_name: 'lastName', membership_number: 'membershipNumber',
  phone: 'phone', mobile: 'mobile', personal_email: 'personalEmail', date_of_birth: 'dateOfBirth', hire_date: 'hireDate',
  rank: 'rank', station: 'station', platoon: 'platoon', address_street: 'addressStreet', address_city: 'addressCity',
  address_state: 'addressState', address_zip: 'addressZip', address_country: 'addressCountry',
  emergency_contacts: 'emergencyContacts', status: 'status', membership_type: 'membershipType', compliance_exempt: 'complianceExempt',
};

/** Fields a member may change on their own record without `users.edit` (their own contact and personal data). */
export const SELF_EDITABLE: ReadonlySet<string> = new Set([
  'phone', 'mobile', 'personal_email', 'date_of_birth', 'address_street', 'address_city', 'address_state', 'address_zip',
  'address_country', 'emergency_contacts', 'middle_name',
]);

/** Fields that change what a member may do or whether they count as active: `members.manage` only. */
export const STATUS_FIELDS: ReadonlySet<string> = new Set(['status', 'membership_type', 'compliance_exempt']);

/** The model attributes a (validated) body sets; emergency contacts become the JSON text that is encrypted as one value. */
export function toAttributes(body: ProfileFields | UpdateProfileRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const attribute = ATTRIBUTES[key as keyof UpdateProfileRequest];
    if (!attribute) continue;
    out[attribute] = key === 'emergency_contacts' ? JSON.stringify(value) : value;
  }
  return out;
}
