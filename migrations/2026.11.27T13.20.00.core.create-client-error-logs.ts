import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// The SPA's error reports (POST /api/v1/errors/log, spa-contract §1.5). Sent with or without a
// session, so organization and member are optional; removing either keeps the report, unattributed.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('client_error_logs', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: true, references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    user_id: { type: DataTypes.UUID, allowNull: true, references: { model: 'users', key: 'id' }, onDelete: 'SET NULL', onUpdate: 'CASCADE' },
    error_type: { type: DataTypes.STRING(100), allowNull: false },
    error_message: { type: DataTypes.TEXT, allowNull: false },
    user_message: { type: DataTypes.TEXT, allowNull: true },
    troubleshooting_steps: { type: DataTypes.JSON, allowNull: true },
    context: { type: DataTypes.JSON, allowNull: true },
    ip_address: { type: DataTypes.STRING(45), allowNull: true },
    user_agent: { type: DataTypes.STRING(500), allowNull: true },
    request_id: { type: DataTypes.STRING(128), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('client_error_logs', ['organization_id', 'created_at'], { name: 'client_error_logs_org_created_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('client_error_logs');
};
