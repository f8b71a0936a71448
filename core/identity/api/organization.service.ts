import { inject, injectable } from 'inversify';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { NotFoundError, ValidationError } from '../../http/errors';
import { Organization, type PostalAddress } from '../models/organization.model';
import { OrganizationSettingsCodec, parseSettings, REDACTED } from '../organization-settings';
import { changeEvent, changedFields, type Actor } from './actor';
import { contactVisibility } from './user-views';
import type { Address, ContactInfoVisibility, ContactInfoVisibilityPatch, OrganizationProfile, OrganizationProfilePatch, OrganizationSettingsPatch, OrganizationSettingsView } from './organization.types';

/** Sections with routes of their own (MFA policy: security.manage; modules: the modules API). */
const RESERVED_SECTIONS = new Set(['security', 'modules']);
const SAFE_LOGO = /^(https?:\/\/|\/(?!\/)|data:image\/(png|jpeg|webp|gif);base64,)/i;

const SECTION_DEFAULTS: Record<string, Record<string, unknown>> = {
  email_service: { enabled: false },
  file_storage: { provider: 'local' },
  auth: { provider: 'local' },
  it_team: {},
  membership_id: { enabled: false, auto_generate: false, prefix: '', next_number: 1 },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

/** A section merged key by key; a secret sent back redacted (as GET shows it) keeps its stored ciphertext. */
function mergeSection(stored: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const base = isObject(stored) ? stored : {};
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === REDACTED) continue;
    out[k] = isObject(v) && isObject(base[k]) ? mergeSection(base[k], v) : v;
  }
  return out;
}

function address(a: PostalAddress | string | null | undefined): Address {
  const v = (typeof a === 'string' ? JSON.parse(a) : a) as PostalAddress | null | undefined;
  return { line1: v?.line1 ?? '', line2: v?.line2 ?? '', city: v?.city ?? '', state: v?.state ?? '', zip: v?.zip ?? '' };
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The department's own record: its settings document (secrets encrypted at rest, answered redacted) and its profile. */
@injectable()
export class OrganizationService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(OrganizationSettingsCodec) private readonly codec: OrganizationSettingsCodec,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async settings(organizationId: string): Promise<OrganizationSettingsView> {
    const org = await this.load(organizationId);
    return this.view(org.settings);
  }

  async updateSettings(actor: Actor, patch: OrganizationSettingsPatch): Promise<OrganizationSettingsView> {
    const problems = Object.entries(patch).flatMap(([k, v]) => {
      if (RESERVED_SECTIONS.has(k)) return [{ field: k, message: 'This section has its own route' }];
      return isObject(v) ? [] : [{ field: k, message: 'Expected an object' }];
    });
    if (problems.length > 0) throw new ValidationError(problems);
    const org = actor.auth.organizationId;
    const saved = await this.db.transaction(async (tx) => {
      const row = await Organization.findByPk(org, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!row) throw new NotFoundError('Organization not found', 'LB-ORG-001');
      const current = parseSettings(row.settings);
      const next = { ...current };
      for (const [k, v] of Object.entries(patch)) next[k] = mergeSection(current[k], v as Record<string, unknown>);
      const encrypted = this.codec.encrypt(org, next);
      await row.update({ settings: encrypted }, { transaction: tx });
      const changed = Object.entries(patch).flatMap(([k, v]) => Object.keys(v as object).map((f) => `${k}.${f}`)).sort();
      this.audit.record(tx, changeEvent(actor, { eventType: 'organization.settings-updated', eventCategory: 'settings', resourceType: 'organization', resourceId: org, severity: 'warning', eventData: { changed } }));
      return encrypted;
    });
    return this.view(saved);
  }

  async updateContactVisibility(actor: Actor, patch: ContactInfoVisibilityPatch): Promise<ContactInfoVisibility> {
    const view = await this.updateSettings(actor, { contact_info_visibility: { ...patch } });
    return contactVisibility(view);
  }

  async profile(organizationId: string): Promise<OrganizationProfile> {
    const org = await this.load(organizationId);
    return {
      name: org.name, timezone: org.timezone, phone: org.phone ?? '', email: org.email ?? '', website: org.website ?? '', county: org.county ?? '',
      founded_year: org.foundedYear ?? null, logo: org.logo ?? null, mailing_address: address(org.mailingAddress),
      physical_address_same: Boolean(org.physicalAddressSame), physical_address: address(org.physicalAddress),
    };
  }

  async updateProfile(actor: Actor, patch: OrganizationProfilePatch): Promise<OrganizationProfile> {
    const problems = [];
    if (patch.timezone !== undefined && !validTimezone(patch.timezone)) problems.push({ field: 'timezone', message: 'Unknown IANA timezone' });
    if (patch.logo && !SAFE_LOGO.test(patch.logo)) problems.push({ field: 'logo', message: 'Expected an http(s) URL, a site path or a data:image/(png|jpeg|webp|gif) URI' });
    if (patch.name !== undefined && !patch.name.trim()) problems.push({ field: 'name', message: 'Must not be empty' });
    if (problems.length > 0) throw new ValidationError(problems);
    const org = actor.auth.organizationId;
    await this.db.transaction(async (tx) => {
      const row = await Organization.findByPk(org, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!row) throw new NotFoundError('Organization not found', 'LB-ORG-001');
      await row.update({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.website !== undefined ? { website: patch.website } : {}),
        ...(patch.county !== undefined ? { county: patch.county } : {}),
        ...(patch.founded_year !== undefined ? { foundedYear: patch.founded_year } : {}),
        ...(patch.logo !== undefined ? { logo: patch.logo || null } : {}),
        ...(patch.mailing_address ? { mailingAddress: { ...address(row.mailingAddress), ...patch.mailing_address } } : {}),
        ...(patch.physical_address_same !== undefined ? { physicalAddressSame: patch.physical_address_same } : {}),
        ...(patch.physical_address ? { physicalAddress: { ...address(row.physicalAddress), ...patch.physical_address } } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'organization.profile-updated', eventCategory: 'organization', resourceType: 'organization', resourceId: org, eventData: { changed: changedFields(patch) } }));
    });
    return this.profile(org);
  }

  private async load(organizationId: string): Promise<Organization> {
    const org = await Organization.findByPk(organizationId, { raw: true });
    if (!org) throw new NotFoundError('Organization not found', 'LB-ORG-001');
    return org;
  }

  private view(raw: unknown): OrganizationSettingsView {
    const settings = this.codec.redact(parseSettings(raw));
    const out: Record<string, unknown> = { ...settings, contact_info_visibility: contactVisibility(settings) };
    for (const [k, defaults] of Object.entries(SECTION_DEFAULTS)) out[k] = { ...defaults, ...(isObject(settings[k]) ? settings[k] : {}) };
    if (!isObject(out.modules)) out.modules = {};
    return out;
  }
}
