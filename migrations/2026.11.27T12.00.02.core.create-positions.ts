import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Positions ("roles" in the API) and who holds them. A member's permissions are the union of their positions'.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('positions', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    name: { type: DataTypes.STRING(100), allowNull: false },
    slug: { type: DataTypes.STRING(100), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    permissions: { type: DataTypes.JSON, allowNull: false },
    is_system: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('positions', ['organization_id', 'slug'], { name: 'positions_org_slug_unique', unique: true });

  await queryInterface.createTable('user_positions', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    position_id: { type: DataTypes.UUID, allowNull: false, references: { model: 'positions', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    assigned_at: { type: DataTypes.DATE(3), allowNull: false },
    // No foreign key: the assigning member may later be hard-deleted, the record of who did it stays.
    assigned_by: { type: DataTypes.UUID, allowNull: true },
  }, tableOptions(dialect));
  await queryInterface.addIndex('user_positions', ['user_id', 'position_id'], { name: 'user_positions_pair_unique', unique: true });
  await queryInterface.addIndex('user_positions', ['position_id'], { name: 'user_positions_position_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('user_positions');
  await queryInterface.dropTable('positions');
};
