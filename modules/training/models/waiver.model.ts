import { Column, DataType, Model, Table } from 'sequelize-typescript';
import { Encrypted } from '../../../core/encryption';
import type { WaiverType } from '../engine/engine.types';

/** Time a member is excused from training targets (leave, deployment...): for every requirement, or those listed. */
@Table({ tableName: 'training_waivers', underscored: true, timestamps: true, indexes: [{ name: 'training_waivers_org_user_idx', fields: ['organization_id', 'user_id'] }] })
export class TrainingWaiver extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.STRING(32), allowNull: false, field: 'waiver_type' })
  declare waiverType: WaiverType;

  /** Free text about a member's leave, possibly medical: encrypted at rest (docs/encryption.md). */
  @Encrypted()
  @Column({ type: DataType.TEXT, allowNull: true })
  declare reason: string | null;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'start_date' })
  declare startDate: string;

  /** null: open-ended. */
  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'end_date' })
  declare endDate: string | null;

  /** null: every requirement. */
  @Column({ type: DataType.JSON, allowNull: true, field: 'requirement_ids' })
  declare requirementIds: string[] | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
