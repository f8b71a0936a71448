import type { FieldCipher } from '../encryption';
import type { OrganizationSettings } from './models/organization.model';

/** Sections of the settings document that can hold credentials (SMTP, storage, SSO). */
const SECRET_SECTIONS = new Set(['email_service', 'file_storage', 'auth']);
/** Keys inside those sections whose values are secrets. */
const SECRET_KEY = /(password|secret|api_?key|token|private_?key|access_?key|credentials)/i;
const ENCRYPTED_PREFIX = '$gcm';
export const REDACTED = '********';

export function parseSettings(raw: unknown): OrganizationSettings {
  const value = typeof raw === 'string' ? JSON.parse(raw) as unknown : raw;
  return value && typeof value === 'object' && !Array.isArray(value) ? value as OrganizationSettings : {};
}

/** The organization's MFA policy (`security.mfa_required`). */
export function mfaRequiredBy(raw: unknown): boolean {
  const security = parseSettings(raw).security as Record<string, unknown> | undefined;
  return security?.mfa_required === true;
}

type Visit = (value: string, path: string) => string;

/** Applies `visit` to every secret string value, returning a new document. */
function mapSecrets(settings: OrganizationSettings, visit: Visit): OrganizationSettings {
  const walk = (value: unknown, path: string, secretSection: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, secretSection));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        const p = path ? `${path}.${k}` : k;
        if (secretSection && typeof v === 'string' && v !== '' && SECRET_KEY.test(k)) return [k, visit(v, p)];
        return [k, walk(v, p, secretSection || (path === '' && SECRET_SECTIONS.has(k)))];
      }));
    }
    return value;
  };
  return walk(settings, '', false) as OrganizationSettings;
}

/**
 * The secret parts of an organization's settings (SMTP password, storage keys, SSO client
 * secrets) are stored as field ciphertext bound to the organization row and the value's path, and
 * answered redacted. Everything else in the document is plain JSON.
 */
export class OrganizationSettingsCodec {
  constructor(private readonly cipher: FieldCipher) {}

  private at(organizationId: string, path: string) {
    return { table: 'organizations', column: `settings.${path}`, rowId: organizationId };
  }

  /** Before saving: plaintext secrets become ciphertext (values already encrypted are kept). */
  encrypt(organizationId: string, settings: OrganizationSettings): OrganizationSettings {
    return mapSecrets(settings, (v, path) => (v.startsWith(ENCRYPTED_PREFIX) ? v : this.cipher.encrypt(v, this.at(organizationId, path))));
  }

  /** For the code that uses a secret (sending mail): the plaintext document. */
  decrypt(organizationId: string, settings: OrganizationSettings): OrganizationSettings {
    return mapSecrets(settings, (v, path) => (v.startsWith(ENCRYPTED_PREFIX) ? this.cipher.decrypt(v, this.at(organizationId, path)) : v));
  }

  /** For API answers: secrets replaced by a mask. */
  redact(settings: OrganizationSettings): OrganizationSettings {
    return mapSecrets(settings, () => REDACTED);
  }
}
