import { Column, DataType, Model, Table } from 'sequelize-typescript';
import { Encrypted } from '../../../core/encryption';
import type { RequestStatus } from './swap-request.model';

/**
 * A member's request to be off duty from `start_date` to `end_date` (organization-local dates,
 * inclusive). The reason often names a medical or family matter, so it is encrypted at rest.
 */
@Table({ tableName: 'scheduling_time_off', underscored: true, timestamps: true, indexes: [{ name: 'scheduling_time_off_org_user_idx', fields: ['organization_id', 'user_id', 'status'] }] })
export class TimeOff extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'start_date' })
  declare startDate: string;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'end_date' })
  declare endDate: string;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'pending' })
  declare status: RequestStatus;

  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true })
  declare reason: string | null;

  @Column({ type: DataType.STRING(1000), allowNull: true, field: 'reviewer_notes' })
  declare reviewerNotes: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'approved_by' })
  declare approvedBy: string | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'approved_at' })
  declare approvedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
