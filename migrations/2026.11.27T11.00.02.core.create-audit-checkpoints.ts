import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// Ed25519-signed checkpoints of each chain (also mirrored to Redis and the optional file sink).
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('audit_checkpoints', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    chain_id: { type: DataTypes.STRING(36), allowNull: false },
    last_seq: { type: DataTypes.BIGINT, allowNull: false },
    count: { type: DataTypes.BIGINT, allowNull: false },
    head_hash: { type: DataTypes.CHAR(64), allowNull: false },
    merkle_root: { type: DataTypes.CHAR(64), allowNull: false },
    content_digest: { type: DataTypes.CHAR(64), allowNull: false },
    created_at: { type: DataTypes.DATE(6), allowNull: false },
    key_id: { type: DataTypes.STRING(16), allowNull: false },
    signature: { type: DataTypes.STRING(128), allowNull: false },
  }, tableOptions(dialect));
  await queryInterface.addIndex('audit_checkpoints', ['chain_id', 'last_seq'], { name: 'audit_checkpoints_chain_seq_unique', unique: true });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('audit_checkpoints');
};
