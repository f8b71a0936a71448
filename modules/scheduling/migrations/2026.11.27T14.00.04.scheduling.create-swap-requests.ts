import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('scheduling_swap_requests', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    requesting_user_id: { type: DataTypes.UUID, allowNull: false },
    target_user_id: { type: DataTypes.UUID, allowNull: true },
    offering_shift_id: { type: DataTypes.UUID, allowNull: false },
    requesting_shift_id: { type: DataTypes.UUID, allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    reason: { type: DataTypes.STRING(1000), allowNull: true },
    reviewed_by: { type: DataTypes.UUID, allowNull: true },
    reviewer_notes: { type: DataTypes.STRING(1000), allowNull: true },
    reviewed_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('scheduling_swap_requests', ['organization_id', 'status'], { name: 'scheduling_swaps_org_status_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('scheduling_swap_requests');
};
