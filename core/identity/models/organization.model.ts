import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const ORGANIZATION_TYPES = ['fire_department', 'ems_only', 'fire_ems_combined'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export const IDENTIFIER_TYPES = ['fdid', 'state_id', 'department_id'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface PostalAddress {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
}

/**
 * The settings document. Sections such as `email_service`, `file_storage` and `auth` may hold
 * secrets; those values are stored as ciphertext (see organization-settings.ts) and returned
 * redacted. `security.mfa_required` is the organization's MFA policy.
 */
export type OrganizationSettings = Record<string, unknown>;

/** A department (tenant). Every tenant table carries its id; the session decides which one a request sees. */
@Table({ tableName: 'organizations', underscored: true, timestamps: true, indexes: [{ name: 'organizations_slug_unique', unique: true, fields: ['slug'] }] })
export class Organization extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare slug: string;

  @Column({ type: DataType.STRING(64), allowNull: false, defaultValue: 'America/New_York' })
  declare timezone: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.STRING(32), allowNull: false, defaultValue: 'fire_department', field: 'organization_type' })
  declare organizationType: OrganizationType;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare phone: string | null;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare fax: string | null;

  @Column({ type: DataType.STRING(255), allowNull: true })
  declare email: string | null;

  @Column({ type: DataType.STRING(255), allowNull: true })
  declare website: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true })
  declare county: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'founded_year' })
  declare foundedYear: number | null;

  @Column({ type: DataType.TEXT('long'), allowNull: true })
  declare logo: string | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'mailing_address' })
  declare mailingAddress: PostalAddress | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'physical_address' })
  declare physicalAddress: PostalAddress | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'physical_address_same' })
  declare physicalAddressSame: boolean;

  @Column({ type: DataType.STRING(32), allowNull: false, defaultValue: 'department_id', field: 'identifier_type' })
  declare identifierType: IdentifierType;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare fdid: string | null;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'state_id' })
  declare stateId: string | null;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'department_id' })
  declare departmentId: string | null;

  /** Secret values inside are ciphertext; read and write through OrganizationSettingsService. */
  @Column({ type: DataType.JSON, allowNull: true })
  declare settings: OrganizationSettings | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
