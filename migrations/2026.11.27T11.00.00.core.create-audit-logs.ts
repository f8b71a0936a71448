import { DataTypes } from 'sequelize';
import type { Migration } from '../core/database/migration.types';
import { tableOptions } from '../core/database/table-options';

// The tamper-evident audit log: one hash chain per organization plus one for the installation.
// No foreign key to organizations on purpose: entries must outlive what they describe.
// The primary key is (chain_id, seq), so InnoDB clusters each chain's entries in seq order: the
// verifier's keyset scan reads them sequentially (through a secondary index it was ~4x slower,
// one clustered-index lookup per entry). `id` stays a unique, ever-growing number for the API.
export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  const mysql = dialect === 'mysql';
  await queryInterface.createTable('audit_logs', {
    // MySQL/MariaDB: AUTO_INCREMENT (which must be a key from the start, hence the inline unique key).
    // SQLite allows AUTOINCREMENT only on a lone INTEGER PRIMARY KEY: the appender numbers entries there.
    id: { type: DataTypes.BIGINT, allowNull: false, ...(mysql ? { autoIncrement: true } : {}) },
    chain_id: { type: DataTypes.STRING(36), allowNull: false, primaryKey: true },
    seq: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
    // Microseconds, the precision the hash covers.
    timestamp: { type: DataTypes.DATE(6), allowNull: false },
    event_type: { type: DataTypes.STRING(100), allowNull: false },
    event_category: { type: DataTypes.STRING(50), allowNull: false },
    severity: { type: DataTypes.STRING(10), allowNull: false },
    organization_id: { type: DataTypes.STRING(36), allowNull: true },
    user_id: { type: DataTypes.STRING(64), allowNull: true },
    username: { type: DataTypes.STRING(255), allowNull: true },
    session_id: { type: DataTypes.CHAR(64), allowNull: true },
    ip_address: { type: DataTypes.STRING(45), allowNull: true },
    user_agent: { type: DataTypes.STRING(512), allowNull: true },
    request_id: { type: DataTypes.STRING(128), allowNull: true },
    resource_type: { type: DataTypes.STRING(64), allowNull: true },
    resource_id: { type: DataTypes.STRING(128), allowNull: true },
    outcome: { type: DataTypes.STRING(10), allowNull: false },
    event_data: { type: DataTypes.JSON, allowNull: false },
    previous_hash: { type: DataTypes.CHAR(64), allowNull: false },
    current_hash: { type: DataTypes.CHAR(64), allowNull: false },
    hash_version: { type: DataTypes.SMALLINT, allowNull: false },
    key_id: { type: DataTypes.STRING(16), allowNull: false },
  }, { ...tableOptions(dialect), ...(mysql ? { uniqueKeys: { audit_logs_id_unique: { fields: ['id'] } } } : {}) });
  if (!mysql) await queryInterface.addIndex('audit_logs', ['id'], { name: 'audit_logs_id_unique', unique: true });
  // Listing and exporting a department's log by time.
  await queryInterface.addIndex('audit_logs', ['chain_id', 'timestamp'], { name: 'audit_logs_chain_timestamp' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('audit_logs');
};
