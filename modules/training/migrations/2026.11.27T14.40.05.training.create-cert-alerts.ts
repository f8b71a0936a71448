import { DataTypes } from 'sequelize';
import type { Migration } from '../../../core/database/migration.types';
import { tableOptions } from '../../../core/database/table-options';

export const up: Migration = async ({ context: { queryInterface, dialect } }) => {
  await queryInterface.createTable('training_cert_alerts', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    organization_id: { type: DataTypes.UUID, allowNull: false },
    record_id: { type: DataTypes.UUID, allowNull: false },
    user_id: { type: DataTypes.UUID, allowNull: false },
    tier: { type: DataTypes.STRING(16), allowNull: false },
    expiration_date: { type: DataTypes.DATEONLY, allowNull: false },
    recipients: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    emailed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    sent_at: { type: DataTypes.DATE(3), allowNull: false },
  }, tableOptions(dialect));
  // One row per record and tier: the database, not the scheduler, guarantees a tier is sent once.
  await queryInterface.addIndex('training_cert_alerts', ['record_id', 'tier'], { name: 'training_cert_alerts_record_tier_unique', unique: true });
  await queryInterface.addIndex('training_cert_alerts', ['organization_id'], { name: 'training_cert_alerts_org_idx' });
};

export const down: Migration = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('training_cert_alerts');
};
