import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Password history (reuse check), password reset tokens (SHA-256 of a 48-byte token) and MFA
// recovery codes (SHA-256 of an 80-bit code). No secret is stored in a form that can be replayed.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  const userFk = { type: DataTypes.UUID, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' } as const;
  await queryInterface.createTable('password_history', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: userFk,
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('password_history', ['user_id', 'created_at'], { name: 'password_history_user_idx' });

  await queryInterface.createTable('password_reset_tokens', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: userFk,
    token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('password_reset_tokens', ['token_hash'], { name: 'password_reset_tokens_hash_unique', unique: true });
  await queryInterface.addIndex('password_reset_tokens', ['user_id'], { name: 'password_reset_tokens_user_idx' });

  await queryInterface.createTable('mfa_recovery_codes', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: userFk,
    code_hash: { type: DataTypes.CHAR(64), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('mfa_recovery_codes', ['user_id', 'code_hash'], { name: 'mfa_recovery_codes_user_code_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('mfa_recovery_codes');
  await queryInterface.dropTable('password_reset_tokens');
  await queryInterface.dropTable('password_history');
};
