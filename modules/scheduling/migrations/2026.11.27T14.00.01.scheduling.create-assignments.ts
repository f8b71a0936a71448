import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('scheduling_assignments', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    shift_id: { type: DataTypes.UUID, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false },
    position: { type: DataTypes.STRING(20), allowNull: false },
    assignment_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'assigned' },
    seat_key: { type: DataTypes.STRING(100), allowNull: true },
    member_key: { type: DataTypes.STRING(80), allowNull: true },
    assigned_by: { type: DataTypes.UUID, allowNull: true },
    confirmed_at: { type: DataTypes.DATE(3), allowNull: true },
    notes: { type: DataTypes.TEXT, allowNull: true },
    is_training: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    training_program_id: { type: DataTypes.UUID, allowNull: true },
    training_evaluator_id: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('scheduling_assignments', ['shift_id'], { name: 'scheduling_assignments_shift_idx' });
  await queryInterface.addIndex('scheduling_assignments', ['organization_id', 'user_id'], { name: 'scheduling_assignments_org_user_idx' });
  // The seat and double-booking invariants, held by the database: keys are NULL once inactive.
  await queryInterface.addIndex('scheduling_assignments', ['seat_key'], { name: 'scheduling_assignments_seat_unique', unique: true });
  await queryInterface.addIndex('scheduling_assignments', ['member_key'], { name: 'scheduling_assignments_member_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('scheduling_assignments');
};
