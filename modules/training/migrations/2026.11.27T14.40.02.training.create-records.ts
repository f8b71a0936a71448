import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('training_records', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false },
    course_id: { type: DataTypes.UUID, allowNull: true },
    category_id: { type: DataTypes.UUID, allowNull: true },
    course_name: { type: DataTypes.STRING(200), allowNull: false },
    course_code: { type: DataTypes.STRING(50), allowNull: true },
    training_type: { type: DataTypes.STRING(32), allowNull: false },
    scheduled_date: { type: DataTypes.DATEONLY, allowNull: true },
    completion_date: { type: DataTypes.DATEONLY, allowNull: true },
    expiration_date: { type: DataTypes.DATEONLY, allowNull: true },
    hours_completed: { type: DataTypes.DECIMAL(8, 2), allowNull: false, defaultValue: 0 },
    credit_hours: { type: DataTypes.DECIMAL(8, 2), allowNull: true },
    certification_number: { type: DataTypes.STRING(100), allowNull: true },
    issuing_agency: { type: DataTypes.STRING(200), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'scheduled' },
    score: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
    passing_score: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
    passed: { type: DataTypes.BOOLEAN, allowNull: true },
    instructor: { type: DataTypes.STRING(200), allowNull: true },
    location: { type: DataTypes.STRING(200), allowNull: true },
    location_id: { type: DataTypes.UUID, allowNull: true },
    apparatus_id: { type: DataTypes.UUID, allowNull: true },
    notes: { type: DataTypes.TEXT, allowNull: true },
    attachments: { type: DataTypes.JSON, allowNull: true },
    rank_at_completion: { type: DataTypes.STRING(100), allowNull: true },
    station_at_completion: { type: DataTypes.STRING(100), allowNull: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('training_records', ['organization_id', 'user_id'], { name: 'training_records_org_user_idx' });
  await queryInterface.addIndex('training_records', ['organization_id', 'status', 'completion_date'], { name: 'training_records_org_status_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('training_records');
};
