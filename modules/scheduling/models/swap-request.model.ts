import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A member offers their seat on `offering_shift_id`: to `target_user_id` (one-way), or in exchange
 * for the target's seat on `requesting_shift_id` (two-way).
 */
@Table({ tableName: 'scheduling_swap_requests', underscored: true, timestamps: true, indexes: [{ name: 'scheduling_swaps_org_status_idx', fields: ['organization_id', 'status'] }] })
export class SwapRequest extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'requesting_user_id' })
  declare requestingUserId: string;

  @Column({ type: DataType.UUID, allowNull: true, field: 'target_user_id' })
  declare targetUserId: string | null;

  @Column({ type: DataType.UUID, allowNull: false, field: 'offering_shift_id' })
  declare offeringShiftId: string;

  @Column({ type: DataType.UUID, allowNull: true, field: 'requesting_shift_id' })
  declare requestingShiftId: string | null;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'pending' })
  declare status: RequestStatus;

  @Column({ type: DataType.STRING(1000), allowNull: true })
  declare reason: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'reviewed_by' })
  declare reviewedBy: string | null;

  @Column({ type: DataType.STRING(1000), allowNull: true, field: 'reviewer_notes' })
  declare reviewerNotes: string | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'reviewed_at' })
  declare reviewedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
