import type { User } from '../models/user.model';
import type { Position } from '../models/position.model';
import { parseSettings } from '../organization-settings';
import { parsePermissions } from '../permissions/effective-permissions';
import type { ContactInfoSettings, EmbeddedRole, EmergencyContact, NotificationPreferences, UserProfile, UserRow, UserWithRoles } from './users.types';

/** Off until the department turns it on: members' phones are not everyone's business by default. */
export function contactVisibility(rawSettings: unknown): ContactInfoSettings {
  const v = parseSettings(rawSettings).contact_info_visibility as Partial<ContactInfoSettings> | undefined;
  return {
    enabled: v?.enabled === true,
    show_email: v?.show_email !== false,
    show_phone: v?.show_phone !== false,
    show_mobile: v?.show_mobile !== false,
  };
}

/** What one caller may see of one member. */
export interface Visibility {
  email: boolean;
  phone: boolean;
  mobile: boolean;
  /** Date of birth, address, personal email, emergency contacts. */
  personal: boolean;
}

export function fullName(u: Pick<User, 'firstName' | 'lastName'>): string | null {
  return [u.firstName, u.lastName].filter(Boolean).join(' ').trim() || null;
}

function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}

export function embeddedRole(p: Pick<Position, 'id' | 'name' | 'slug' | 'description' | 'permissions' | 'isSystem' | 'priority'>): EmbeddedRole {
  return { id: p.id, name: p.name, slug: p.slug, description: p.description ?? null, permissions: parsePermissions(p.permissions), is_system: Boolean(p.isSystem), priority: Number(p.priority) };
}

export function userRow(u: User, see: Visibility): UserRow {
  return {
    id: u.id, organization_id: u.organizationId, username: u.username,
    email: see.email ? u.email : null,
    first_name: u.firstName, middle_name: u.middleName, last_name: u.lastName, full_name: fullName(u),
    membership_number: u.membershipNumber,
    phone: see.phone ? u.phone : null, mobile: see.mobile ? u.mobile : null,
    photo_url: u.photoUrl, status: u.status, membership_type: u.membershipType ?? null,
    compliance_exempt: Boolean(u.complianceExempt), hire_date: u.hireDate, rank: u.rank, station: u.station, platoon: u.platoon,
  };
}

function contacts(text: string | null): EmergencyContact[] {
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list as EmergencyContact[] : [];
  } catch {
    return [];
  }
}

export function userWithRoles(u: User, see: Visibility, roles: EmbeddedRole[]): UserWithRoles {
  const p = see.personal;
  return {
    ...userRow(u, see),
    personal_email: p ? u.personalEmail : null,
    date_of_birth: p ? u.dateOfBirth : null,
    address_street: p ? u.addressStreet : null,
    address_city: p ? u.addressCity : null,
    address_state: p ? u.addressState : null,
    address_zip: p ? u.addressZip : null,
    address_country: p ? u.addressCountry : null,
    emergency_contacts: p ? contacts(u.emergencyContacts) : [],
    mfa_enabled: Boolean(u.mfaEnabled),
    last_login_at: iso(u.lastLoginAt),
    created_at: iso(u.createdAt) ?? '',
    updated_at: iso(u.updatedAt) ?? '',
    roles,
  };
}

export function userProfile(u: User, see: Visibility, roles: EmbeddedRole[]): UserProfile {
  const prefs = typeof u.notificationPreferences === 'string' ? JSON.parse(u.notificationPreferences) as NotificationPreferences : u.notificationPreferences;
  return { ...userWithRoles(u, see, roles), notification_preferences: see.personal ? (prefs ?? null) : null };
}
