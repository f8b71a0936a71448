import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { longText, tableOptions } from '../core/database/table-options';

// The onboarding wizard: one status row for the installation (started / completed), and the
// wizard's sessions. A session's id and CSRF token are stored as SHA-256 (they are credentials
// until onboarding completes); its data, which holds mail and storage credentials, is ciphertext.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('onboarding_status', {
    id: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
    // No foreign key: a pointer for the status answer only (and MariaDB would name its index plainly `organization_id`).
    organization_id: { type: DataTypes.UUID, allowNull: true },
    admin_user_id: { type: DataTypes.UUID, allowNull: true },
    steps_completed: { type: DataTypes.JSON, allowNull: true },
    completed_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));

  await queryInterface.createTable('onboarding_sessions', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    session_hash: { type: DataTypes.CHAR(64), allowNull: false },
    csrf_hash: { type: DataTypes.CHAR(64), allowNull: false },
    data: { type: longText(dialect), allowNull: true },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('onboarding_sessions', ['session_hash'], { name: 'onboarding_sessions_hash_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('onboarding_sessions');
  await queryInterface.dropTable('onboarding_status');
};
