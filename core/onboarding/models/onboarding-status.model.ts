import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** The id of the one row: onboarding is a fact about the installation, not about an organization. */
export const INSTALLATION_ROW = 'installation';

/**
 * Whether the installation's wizard has started and finished. Created by `/onboarding/start`;
 * `completedAt` is set by `/onboarding/complete` and never cleared by the API.
 */
@Table({ tableName: 'onboarding_status', underscored: true, timestamps: true })
export class OnboardingStatus extends Model {
  @Column({ type: DataType.STRING(32), primaryKey: true })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: true, field: 'organization_id' })
  declare organizationId: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'admin_user_id' })
  declare adminUserId: string | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'steps_completed' })
  declare stepsCompleted: string[] | null;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'completed_at' })
  declare completedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
