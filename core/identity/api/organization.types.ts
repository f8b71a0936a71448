/** GET|PATCH /organization/settings, /organization/profile and /organization/settings/contact-info (spa-contract §2.5). */

export interface ContactInfoVisibility {
  enabled: boolean;
  show_email: boolean;
  show_phone: boolean;
  show_mobile: boolean;
}

export interface ContactInfoVisibilityPatch {
  enabled?: boolean;
  show_email?: boolean;
  show_phone?: boolean;
  show_mobile?: boolean;
}

/** The settings document with secrets redacted (`********`) and the SPA's sections always present. */
export type OrganizationSettingsView = Record<string, unknown>;

/** A partial document: each section given is merged into the stored one; a redacted secret sent back keeps its stored value. */
export type OrganizationSettingsPatch = Record<string, unknown>;

export interface Address {
  /** @maxLength 255 */
  line1: string;
  /** @maxLength 255 */
  line2: string;
  /** @maxLength 100 */
  city: string;
  /** @maxLength 100 */
  state: string;
  /** @maxLength 20 */
  zip: string;
}

export interface OrganizationProfile {
  name: string;
  timezone: string;
  phone: string;
  email: string;
  website: string;
  county: string;
  founded_year: number | null;
  logo: string | null;
  mailing_address: Address;
  physical_address_same: boolean;
  physical_address: Address;
}

export interface OrganizationProfilePatch {
  /**
   * @minLength 1
   * @maxLength 255
   */
  name?: string;
  /** @maxLength 64 */
  timezone?: string;
  /** @maxLength 50 */
  phone?: string;
  /** @maxLength 255 */
  email?: string;
  /** @maxLength 255 */
  website?: string;
  /** @maxLength 100 */
  county?: string;
  /**
   * @isInt
   * @minimum 1700
   * @maximum 2100
   */
  founded_year?: number | null;
  /**
   * http(s) URL, site path or data:image/(png|jpeg|webp|gif) URI, at most ~2 MB.
   * @maxLength 2800000
   */
  logo?: string | null;
  mailing_address?: Partial<Address>;
  physical_address_same?: boolean;
  physical_address?: Partial<Address>;
}
