import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('training_courses', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    code: { type: DataTypes.STRING(50), allowNull: true },
    description: { type: DataTypes.TEXT, allowNull: true },
    training_type: { type: DataTypes.STRING(32), allowNull: false },
    duration_hours: { type: DataTypes.DECIMAL(8, 2), allowNull: true },
    credit_hours: { type: DataTypes.DECIMAL(8, 2), allowNull: true },
    prerequisites: { type: DataTypes.JSON, allowNull: true },
    expiration_months: { type: DataTypes.INTEGER, allowNull: true },
    instructor: { type: DataTypes.STRING(200), allowNull: true },
    max_participants: { type: DataTypes.INTEGER, allowNull: true },
    materials_required: { type: DataTypes.JSON, allowNull: true },
    category_ids: { type: DataTypes.JSON, allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('training_courses', ['organization_id'], { name: 'training_courses_org_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('training_courses');
};
