import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { Organization, type IdentifierType, type OrganizationType, type PostalAddress } from '../identity/models/organization.model';
import { seedSystemPositions } from '../identity/permissions/seed-system-positions';

/** Zones Node knows by their canonical IANA names (plus UTC, which Intl lists under Etc only on some builds). */
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

export function isIanaTimeZone(value: string): boolean {
  return TIME_ZONES.has(value);
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;

/** "Maple Ridge Fire Dept." -> "maple-ridge-fire-dept" (ASCII, at most 80 characters, never empty). */
export function slugify(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
  return slug || 'department';
}

/** The slug itself when free, else slug-2, slug-3, … (read in `tx`; the unique index settles races). */
export async function uniqueSlug(tx: Transaction, base: string): Promise<string> {
  const taken = new Set((await Organization.findAll({ where: { slug: { [Op.like]: `${base}%` } }, attributes: ['slug'], raw: true, transaction: tx })).map((o) => o.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface NewOrganization {
  name: string;
  slug: string;
  timezone: string;
  organizationType?: OrganizationType;
  phone?: string | null;
  fax?: string | null;
  email?: string | null;
  website?: string | null;
  county?: string | null;
  foundedYear?: number | null;
  logo?: string | null;
  mailingAddress?: PostalAddress | null;
  physicalAddress?: PostalAddress | null;
  physicalAddressSame?: boolean;
  identifierType?: IdentifierType;
  fdid?: string | null;
  stateId?: string | null;
  departmentId?: string | null;
}

/** Creates an organization with its system positions (it_manager holds `*`), inside `tx`. */
export async function createOrganizationWithPositions(tx: Transaction, input: NewOrganization): Promise<Organization> {
  const org = await Organization.create({ ...input, active: true }, { transaction: tx });
  await seedSystemPositions(tx, org.id);
  return org;
}
