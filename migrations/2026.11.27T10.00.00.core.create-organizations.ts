import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// The minimal organization (tenant) row the kernel needs; the identity migrations extend it.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('organizations', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false },
    slug: { type: DataTypes.STRING(100), allowNull: false },
    timezone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'America/New_York' },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('organizations', ['slug'], { name: 'organizations_slug_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('organizations');
};
