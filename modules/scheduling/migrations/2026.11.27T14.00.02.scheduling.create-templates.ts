import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('scheduling_templates', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    name: { type: DataTypes.STRING(100), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    start_time_of_day: { type: DataTypes.STRING(5), allowNull: false },
    end_time_of_day: { type: DataTypes.STRING(5), allowNull: false },
    duration_hours: { type: DataTypes.DOUBLE, allowNull: false },
    color: { type: DataTypes.STRING(20), allowNull: true },
    positions: { type: DataTypes.TEXT, allowNull: true },
    min_staffing: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    category: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'standard' },
    apparatus_type: { type: DataTypes.STRING(50), allowNull: true },
    apparatus_id: { type: DataTypes.UUID, allowNull: true },
    is_default: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    open_to_all_members: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('scheduling_templates', ['organization_id'], { name: 'scheduling_templates_org_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('scheduling_templates');
};
