import { Column, DataType, Model, Table } from 'sequelize-typescript';
import type { TrainingStatus, TrainingType } from '../engine/engine.types';

export interface AttachmentMeta {
  index: number;
  file_name: string;
  file_type: string;
  file_size: number;
  uploaded_at: string;
}

/**
 * One member's training: a course taken, its hours, and for a certification its number, agency
 * and expiration date. Org-wide compliance reads these by (organization, status) in one query.
 */
@Table({
  tableName: 'training_records', underscored: true, timestamps: true,
  indexes: [
    { name: 'training_records_org_user_idx', fields: ['organization_id', 'user_id'] },
    { name: 'training_records_org_status_idx', fields: ['organization_id', 'status', 'completion_date'] },
  ],
})
export class TrainingRecord extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.UUID, allowNull: true, field: 'course_id' })
  declare courseId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'category_id' })
  declare categoryId: string | null;

  @Column({ type: DataType.STRING(200), allowNull: false, field: 'course_name' })
  declare courseName: string;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'course_code' })
  declare courseCode: string | null;

  @Column({ type: DataType.STRING(32), allowNull: false, field: 'training_type' })
  declare trainingType: TrainingType;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'scheduled_date' })
  declare scheduledDate: string | null;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'completion_date' })
  declare completionDate: string | null;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'expiration_date' })
  declare expirationDate: string | null;

  @Column({ type: DataType.DECIMAL(8, 2), allowNull: false, defaultValue: 0, field: 'hours_completed' })
  declare hoursCompleted: number;

  @Column({ type: DataType.DECIMAL(8, 2), allowNull: true, field: 'credit_hours' })
  declare creditHours: number | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'certification_number' })
  declare certificationNumber: string | null;

  @Column({ type: DataType.STRING(200), allowNull: true, field: 'issuing_agency' })
  declare issuingAgency: string | null;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'scheduled' })
  declare status: TrainingStatus;

  @Column({ type: DataType.DECIMAL(6, 2), allowNull: true })
  declare score: number | null;

  @Column({ type: DataType.DECIMAL(6, 2), allowNull: true, field: 'passing_score' })
  declare passingScore: number | null;

  @Column({ type: DataType.BOOLEAN, allowNull: true })
  declare passed: boolean | null;

  @Column({ type: DataType.STRING(200), allowNull: true })
  declare instructor: string | null;

  @Column({ type: DataType.STRING(200), allowNull: true })
  declare location: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'location_id' })
  declare locationId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'apparatus_id' })
  declare apparatusId: string | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare notes: string | null;

  @Column({ type: DataType.JSON, allowNull: true })
  declare attachments: AttachmentMeta[] | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'rank_at_completion' })
  declare rankAtCompletion: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'station_at_completion' })
  declare stationAtCompletion: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
