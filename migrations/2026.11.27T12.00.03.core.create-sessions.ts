import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Login sessions. Tokens are never stored, only SHA-256 hashes of their random ids (jti);
// previous_refresh_hash lets a replayed (already rotated) refresh token be recognised as theft.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('sessions', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    organization_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    access_token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    refresh_token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    previous_refresh_hash: { type: DataTypes.CHAR(64), allowNull: true },
    ip_address: { type: DataTypes.STRING(45), allowNull: true },
    user_agent: { type: DataTypes.STRING(500), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    last_activity_at: { type: DataTypes.DATE(3), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    revoked_reason: { type: DataTypes.STRING(50), allowNull: true },
  }, tableOptions(dialect));
  await queryInterface.addIndex('sessions', ['access_token_hash'], { name: 'sessions_access_hash_unique', unique: true });
  await queryInterface.addIndex('sessions', ['refresh_token_hash'], { name: 'sessions_refresh_hash_unique', unique: true });
  await queryInterface.addIndex('sessions', ['previous_refresh_hash'], { name: 'sessions_previous_refresh_idx' });
  await queryInterface.addIndex('sessions', ['user_id', 'revoked_at'], { name: 'sessions_user_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('sessions');
};
