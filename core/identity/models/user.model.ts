import { BeforeValidate, Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { Encrypted } from '../../encryption';
import { Organization } from './organization.model';

export const USER_STATUSES = ['active', 'inactive', 'suspended', 'probationary', 'leave', 'retired', 'dropped_voluntary', 'dropped_involuntary', 'archived'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const MEMBERSHIP_TYPES = ['prospective', 'probationary', 'active', 'life', 'retired', 'honorary', 'administrative'] as const;
export type MembershipType = (typeof MEMBERSHIP_TYPES)[number];

/** Statuses whose members may sign in (the others are refused with 403, and their sessions end). */
export const LOGIN_STATUSES: ReadonlySet<string> = new Set<UserStatus>(['active', 'probationary', 'leave']);

/** The form of a username or email that uniqueness and login compare: NFKC, trimmed, lower-cased. */
export function identityKey(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/**
 * A member. Personal fields are encrypted at rest (@Encrypted, AES-256-GCM bound to the row), as
 * is the MFA secret; `emergencyContacts` is JSON text so it can be encrypted as one value.
 * `usernameKey`/`emailKey` carry the unique indexes (see the users migration).
 */
@Table({
  tableName: 'users', underscored: true, timestamps: true,
  indexes: [
    { name: 'users_username_key_unique', unique: true, fields: ['username_key'] },
    { name: 'users_email_key_unique', unique: true, fields: ['email_key'] },
    { name: 'users_org_status_idx', fields: ['organization_id', 'status'] },
  ],
})
export class User extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => Organization)
  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare username: string;

  @Column({ type: DataType.STRING(100), allowNull: false, field: 'username_key' })
  declare usernameKey: string;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare email: string;

  @Column({ type: DataType.STRING(255), allowNull: false, field: 'email_key' })
  declare emailKey: string;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'first_name' })
  declare firstName: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'middle_name' })
  declare middleName: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'last_name' })
  declare lastName: string | null;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'membership_number' })
  declare membershipNumber: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true })
  declare rank: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true })
  declare station: string | null;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare platoon: string | null;

  @Column({ type: DataType.STRING(32), allowNull: false, defaultValue: 'active' })
  declare status: UserStatus;

  @Column({ type: DataType.STRING(32), allowNull: false, defaultValue: 'active', field: 'membership_type' })
  declare membershipType: MembershipType;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'compliance_exempt' })
  declare complianceExempt: boolean;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'hire_date' })
  declare hireDate: string | null;

  @Column({ type: DataType.STRING(500), allowNull: true, field: 'photo_url' })
  declare photoUrl: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'date_of_birth' })
  declare dateOfBirth: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true })
  declare phone: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true })
  declare mobile: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'personal_email' })
  declare personalEmail: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'address_street' })
  declare addressStreet: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'address_city' })
  declare addressCity: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'address_state' })
  declare addressState: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'address_zip' })
  declare addressZip: string | null;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'address_country' })
  declare addressCountry: string | null;

  /** JSON text of `[{name, relationship, phone, email?, is_primary}]`, encrypted as one value. */
  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'emergency_contacts' })
  declare emergencyContacts: string | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'notification_preferences' })
  declare notificationPreferences: Record<string, boolean> | null;

  /** null: no password set yet (an invited member sets one through a reset link). */
  @Column({ type: DataType.STRING(255), allowNull: true, field: 'password_hash' })
  declare passwordHash: string | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'password_changed_at' })
  declare passwordChangedAt: Date | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'must_change_password' })
  declare mustChangePassword: boolean;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0, field: 'failed_login_count' })
  declare failedLoginCount: number;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'locked_until' })
  declare lockedUntil: Date | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'mfa_enabled' })
  declare mfaEnabled: boolean;

  /** Base32 TOTP seed; set at MFA setup, active once mfaEnabled. */
  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true, field: 'mfa_secret' })
  declare mfaSecret: string | null;

  /** The last accepted TOTP time step: a code of this step or earlier is never accepted again. */
  @Column({ type: DataType.BIGINT, allowNull: true, field: 'mfa_last_timestep' })
  declare mfaLastTimestep: number | string | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'last_login_at' })
  declare lastLoginAt: Date | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'email_verified' })
  declare emailVerified: boolean;

  /** Soft delete: the member is gone from lists and cannot sign in, their records stay. */
  @Column({ type: DataType.DATE(3), allowNull: true, field: 'deleted_at' })
  declare deletedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;

  /** Keeps the uniqueness keys in step with what was typed, whoever sets username or email. */
  @BeforeValidate
  static syncIdentityKeys(user: User): void {
    if (typeof user.username === 'string') user.usernameKey = identityKey(user.username);
    if (typeof user.email === 'string') user.emailKey = identityKey(user.email);
  }
}
