import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('scheduling_shifts', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    shift_date: { type: DataTypes.DATEONLY, allowNull: false },
    start_time: { type: DataTypes.DATE(3), allowNull: false },
    end_time: { type: DataTypes.DATE(3), allowNull: false },
    station_id: { type: DataTypes.UUID, allowNull: true },
    platoon: { type: DataTypes.STRING(20), allowNull: true },
    shift_officer_id: { type: DataTypes.UUID, allowNull: true },
    apparatus_id: { type: DataTypes.UUID, allowNull: true },
    color: { type: DataTypes.STRING(20), allowNull: true },
    positions: { type: DataTypes.TEXT, allowNull: true },
    min_staffing: { type: DataTypes.INTEGER, allowNull: true },
    notes: { type: DataTypes.TEXT, allowNull: true },
    activities: { type: DataTypes.TEXT, allowNull: true },
    open_to_all_members: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'scheduled' },
    cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
    cancelled_by: { type: DataTypes.UUID, allowNull: true },
    cancellation_reason: { type: DataTypes.STRING(500), allowNull: true },
    is_finalized: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    finalized_at: { type: DataTypes.DATE(3), allowNull: true },
    finalized_by: { type: DataTypes.UUID, allowNull: true },
    template_id: { type: DataTypes.UUID, allowNull: true },
    pattern_id: { type: DataTypes.UUID, allowNull: true },
    generation_key: { type: DataTypes.STRING(80), allowNull: true },
    created_by: { type: DataTypes.UUID, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('scheduling_shifts', ['organization_id', 'shift_date'], { name: 'scheduling_shifts_org_date_idx' });
  await queryInterface.addIndex('scheduling_shifts', ['organization_id', 'start_time'], { name: 'scheduling_shifts_org_start_idx' });
  // Generated shifts carry `<pattern>:<date>`: generating a range twice inserts nothing the second time.
  await queryInterface.addIndex('scheduling_shifts', ['generation_key'], { name: 'scheduling_shifts_generation_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('scheduling_shifts');
};
