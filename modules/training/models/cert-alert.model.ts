import { Column, DataType, Model, Table } from 'sequelize-typescript';

/**
 * One expiry alert sent for one record and tier. The unique (record, tier) key is what makes a
 * tier go out once, even when two processes run the job at the same moment.
 */
@Table({
  tableName: 'training_cert_alerts', underscored: true, timestamps: false,
  indexes: [
    { name: 'training_cert_alerts_record_tier_unique', unique: true, fields: ['record_id', 'tier'] },
    { name: 'training_cert_alerts_org_idx', fields: ['organization_id'] },
  ],
})
export class TrainingCertAlert extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'record_id' })
  declare recordId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  /** 90, 60, 30, 7 or expired. */
  @Column({ type: DataType.STRING(16), allowNull: false })
  declare tier: string;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'expiration_date' })
  declare expirationDate: string;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  declare recipients: number;

  /** Whether mail went out (false when SMTP is not configured: the alert is still recorded). */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  declare emailed: boolean;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'sent_at' })
  declare sentAt: Date;
}
