import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// One row per chain: the row every append locks FOR UPDATE, which serializes appends to a chain
// across processes (and nothing else: other chains have their own row).
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('audit_chain_heads', {
    chain_id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    last_seq: { type: DataTypes.BIGINT, allowNull: false },
    last_hash: { type: DataTypes.CHAR(64), allowNull: false },
    updated_at: { type: DataTypes.DATE(6), allowNull: false },
  }, tableOptions(dialect));
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('audit_chain_heads');
};
