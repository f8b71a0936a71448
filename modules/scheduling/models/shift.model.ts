import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const SHIFT_STATUSES = ['scheduled', 'cancelled'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];

/**
 * One shift: a start and end instant (UTC), the organization-local date it starts on, and a seat
 * list (`positions`, JSON text of `{position, required}`), which assignments fill. The shift row is
 * also the lock every seat change of the shift takes first (SELECT ... FOR UPDATE).
 */
@Table({
  tableName: 'scheduling_shifts', underscored: true, timestamps: true,
  indexes: [
    { name: 'scheduling_shifts_org_date_idx', fields: ['organization_id', 'shift_date'] },
    { name: 'scheduling_shifts_org_start_idx', fields: ['organization_id', 'start_time'] },
    { name: 'scheduling_shifts_generation_unique', unique: true, fields: ['generation_key'] },
  ],
})
export class Shift extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'shift_date' })
  declare shiftDate: string;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'start_time' })
  declare startTime: Date;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'end_time' })
  declare endTime: Date;

  @Column({ type: DataType.UUID, allowNull: true, field: 'station_id' })
  declare stationId: string | null;

  @Column({ type: DataType.STRING(20), allowNull: true })
  declare platoon: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'shift_officer_id' })
  declare shiftOfficerId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'apparatus_id' })
  declare apparatusId: string | null;

  @Column({ type: DataType.STRING(20), allowNull: true })
  declare color: string | null;

  /** JSON text: `[{position, required}]`, one entry per seat. */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare positions: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'min_staffing' })
  declare minStaffing: number | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare notes: string | null;

  /** JSON text: free-form list of planned activities. */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare activities: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'open_to_all_members' })
  declare openToAllMembers: boolean;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'scheduled' })
  declare status: ShiftStatus;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'cancelled_at' })
  declare cancelledAt: Date | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'cancelled_by' })
  declare cancelledBy: string | null;

  @Column({ type: DataType.STRING(500), allowNull: true, field: 'cancellation_reason' })
  declare cancellationReason: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'is_finalized' })
  declare isFinalized: boolean;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'finalized_at' })
  declare finalizedAt: Date | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'finalized_by' })
  declare finalizedBy: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'template_id' })
  declare templateId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'pattern_id' })
  declare patternId: string | null;

  /** `<pattern id>:<date>` for generated shifts: the unique key that makes generation idempotent. */
  @Column({ type: DataType.STRING(80), allowNull: true, field: 'generation_key' })
  declare generationKey: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
