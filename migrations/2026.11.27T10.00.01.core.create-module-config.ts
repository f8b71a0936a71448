import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Which organization has which feature module on, with the module's settings.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('module_config', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: {
      type: DataTypes.UUID, allowNull: false,
      references: { model: 'organizations', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE',
    },
    module_key: { type: DataTypes.STRING(64), allowNull: false },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false },
    settings: { type: DataTypes.JSON, allowNull: false },
    updated_by: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('module_config', ['organization_id', 'module_key'], { name: 'module_config_org_module_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('module_config');
};
