import { Column, DataType, Model, Table } from 'sequelize-typescript';
import type { TrainingType } from '../engine/engine.types';

/** A course of the organization's library. `expirationMonths` derives records' expiration dates. */
@Table({ tableName: 'training_courses', underscored: true, timestamps: true, indexes: [{ name: 'training_courses_org_idx', fields: ['organization_id'] }] })
export class TrainingCourse extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(200), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare code: string | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.STRING(32), allowNull: false, field: 'training_type' })
  declare trainingType: TrainingType;

  @Column({ type: DataType.DECIMAL(8, 2), allowNull: true, field: 'duration_hours' })
  declare durationHours: number | null;

  @Column({ type: DataType.DECIMAL(8, 2), allowNull: true, field: 'credit_hours' })
  declare creditHours: number | null;

  /** Course ids. */
  @Column({ type: DataType.JSON, allowNull: true })
  declare prerequisites: string[] | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'expiration_months' })
  declare expirationMonths: number | null;

  @Column({ type: DataType.STRING(200), allowNull: true })
  declare instructor: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'max_participants' })
  declare maxParticipants: number | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'materials_required' })
  declare materialsRequired: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'category_ids' })
  declare categoryIds: string[] | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
