import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Members. username_key/email_key hold NFKC + lower-cased copies with unique indexes, so both are
// unique across the installation whatever the collation (SQLite compares case-sensitively) and
// login needs no organization picker. Personal fields are TEXT because they hold ciphertext.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  const encrypted = { type: DataTypes.TEXT, allowNull: true };
  await queryInterface.createTable('users', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    username: { type: DataTypes.STRING(100), allowNull: false },
    username_key: { type: DataTypes.STRING(100), allowNull: false },
    email: { type: DataTypes.STRING(255), allowNull: false },
    email_key: { type: DataTypes.STRING(255), allowNull: false },
    first_name: { type: DataTypes.STRING(100), allowNull: true },
    middle_name: { type: DataTypes.STRING(100), allowNull: true },
    last_name: { type: DataTypes.STRING(100), allowNull: true },
    membership_number: { type: DataTypes.STRING(50), allowNull: true },
    rank: { type: DataTypes.STRING(100), allowNull: true },
    station: { type: DataTypes.STRING(100), allowNull: true },
    platoon: { type: DataTypes.STRING(50), allowNull: true },
    status: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'active' },
    membership_type: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'active' },
    compliance_exempt: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    hire_date: { type: DataTypes.DATEONLY, allowNull: true },
    photo_url: { type: DataTypes.STRING(500), allowNull: true },
    date_of_birth: encrypted,
    phone: encrypted,
    mobile: encrypted,
    personal_email: encrypted,
    address_street: encrypted,
    address_city: encrypted,
    address_state: encrypted,
    address_zip: encrypted,
    address_country: encrypted,
    emergency_contacts: encrypted,
    notification_preferences: { type: DataTypes.JSON, allowNull: true },
    password_hash: { type: DataTypes.STRING(255), allowNull: true },
    password_changed_at: { type: DataTypes.DATE(3), allowNull: true },
    must_change_password: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    failed_login_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    mfa_enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    mfa_secret: encrypted,
    mfa_last_timestep: { type: DataTypes.BIGINT, allowNull: true },
    last_login_at: { type: DataTypes.DATE(3), allowNull: true },
    email_verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    deleted_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('users', ['username_key'], { name: 'users_username_key_unique', unique: true });
  await queryInterface.addIndex('users', ['email_key'], { name: 'users_email_key_unique', unique: true });
  await queryInterface.addIndex('users', ['organization_id', 'status'], { name: 'users_org_status_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('users');
};
