import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('training_waivers', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false },
    waiver_type: { type: DataTypes.STRING(32), allowNull: false },
    reason: { type: DataTypes.TEXT, allowNull: true },
    start_date: { type: DataTypes.DATEONLY, allowNull: false },
    end_date: { type: DataTypes.DATEONLY, allowNull: true },
    requirement_ids: { type: DataTypes.JSON, allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('training_waivers', ['organization_id', 'user_id'], { name: 'training_waivers_org_user_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('training_waivers');
};
