import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('scheduling_patterns', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    name: { type: DataTypes.STRING(100), allowNull: false },
    pattern_type: { type: DataTypes.STRING(16), allowNull: false },
    template_id: { type: DataTypes.UUID, allowNull: false },
    start_date: { type: DataTypes.DATEONLY, allowNull: false },
    end_date: { type: DataTypes.DATEONLY, allowNull: true },
    weekdays: { type: DataTypes.TEXT, allowNull: true },
    days_on: { type: DataTypes.INTEGER, allowNull: true },
    days_off: { type: DataTypes.INTEGER, allowNull: true },
    cycle: { type: DataTypes.TEXT, allowNull: true },
    platoon: { type: DataTypes.STRING(20), allowNull: true },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    generated_through: { type: DataTypes.DATEONLY, allowNull: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('scheduling_patterns', ['organization_id'], { name: 'scheduling_patterns_org_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('scheduling_patterns');
};
