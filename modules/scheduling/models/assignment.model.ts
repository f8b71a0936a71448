import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const SHIFT_POSITIONS = ['officer', 'driver', 'firefighter', 'ems', 'captain', 'lieutenant', 'probationary', 'volunteer', 'other'] as const;
export type ShiftPosition = (typeof SHIFT_POSITIONS)[number];
export const ASSIGNMENT_STATUSES = ['assigned', 'confirmed', 'declined', 'pending', 'cancelled', 'no_show'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
/** Statuses that hold a seat and count against overlaps. */
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['assigned', 'confirmed', 'pending'];

/**
 * A member on a shift. Two nullable unique keys make the seat invariants hold in the database
 * itself, whatever the requests' interleaving: `seat_key` (`<shift>:<position>:<seat index>`) and
 * `member_key` (`<shift>:<user>`) are set while the assignment is active and NULL otherwise (NULLs
 * never collide), so a seat has at most one active holder and a member at most one active seat
 * per shift.
 */
@Table({
  tableName: 'scheduling_assignments', underscored: true, timestamps: true,
  indexes: [
    { name: 'scheduling_assignments_shift_idx', fields: ['shift_id'] },
    { name: 'scheduling_assignments_org_user_idx', fields: ['organization_id', 'user_id'] },
    { name: 'scheduling_assignments_seat_unique', unique: true, fields: ['seat_key'] },
    { name: 'scheduling_assignments_member_unique', unique: true, fields: ['member_key'] },
  ],
})
export class Assignment extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'shift_id' })
  declare shiftId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.STRING(20), allowNull: false })
  declare position: ShiftPosition;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'assigned', field: 'assignment_status' })
  declare assignmentStatus: AssignmentStatus;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'seat_key' })
  declare seatKey: string | null;

  @Column({ type: DataType.STRING(80), allowNull: true, field: 'member_key' })
  declare memberKey: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'assigned_by' })
  declare assignedBy: string | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'confirmed_at' })
  declare confirmedAt: Date | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare notes: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'is_training' })
  declare isTraining: boolean;

  @Column({ type: DataType.UUID, allowNull: true, field: 'training_program_id' })
  declare trainingProgramId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'training_evaluator_id' })
  declare trainingEvaluatorId: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
