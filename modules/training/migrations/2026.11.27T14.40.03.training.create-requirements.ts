import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('training_requirements', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    requirement_type: { type: DataTypes.STRING(32), allowNull: false },
    source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'department' },
    registry_name: { type: DataTypes.STRING(200), allowNull: true },
    registry_code: { type: DataTypes.STRING(100), allowNull: true },
    is_editable: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    allows_external_credit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    training_type: { type: DataTypes.STRING(32), allowNull: true },
    required_hours: { type: DataTypes.DECIMAL(8, 2), allowNull: true },
    required_courses: { type: DataTypes.JSON, allowNull: true },
    required_shifts: { type: DataTypes.INTEGER, allowNull: true },
    required_calls: { type: DataTypes.INTEGER, allowNull: true },
    required_call_types: { type: DataTypes.JSON, allowNull: true },
    required_skills: { type: DataTypes.JSON, allowNull: true },
    checklist_items: { type: DataTypes.JSON, allowNull: true },
    passing_score: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
    max_attempts: { type: DataTypes.INTEGER, allowNull: true },
    frequency: { type: DataTypes.STRING(16), allowNull: false },
    year: { type: DataTypes.INTEGER, allowNull: true },
    applies_to_all: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    required_roles: { type: DataTypes.JSON, allowNull: true },
    required_positions: { type: DataTypes.JSON, allowNull: true },
    required_membership_types: { type: DataTypes.JSON, allowNull: true },
    start_date: { type: DataTypes.DATEONLY, allowNull: true },
    due_date: { type: DataTypes.DATEONLY, allowNull: true },
    time_limit_days: { type: DataTypes.INTEGER, allowNull: true },
    due_date_type: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'calendar_period' },
    rolling_period_months: { type: DataTypes.INTEGER, allowNull: true },
    period_start_month: { type: DataTypes.INTEGER, allowNull: true },
    period_start_day: { type: DataTypes.INTEGER, allowNull: true },
    period_end_month: { type: DataTypes.INTEGER, allowNull: true },
    period_end_day: { type: DataTypes.INTEGER, allowNull: true },
    include_current_month: { type: DataTypes.BOOLEAN, allowNull: true },
    recency_days: { type: DataTypes.INTEGER, allowNull: true },
    category_ids: { type: DataTypes.JSON, allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('training_requirements', ['organization_id', 'active'], { name: 'training_requirements_org_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('training_requirements');
};
