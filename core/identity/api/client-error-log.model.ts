import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { Organization } from '../models/organization.model';
import { User } from '../models/user.model';

/** One error report from the SPA (what failed, where, the status and code it saw). */
@Table({
  tableName: 'client_error_logs', underscored: true, timestamps: true, updatedAt: false,
  indexes: [{ name: 'client_error_logs_org_created_idx', fields: ['organization_id', 'created_at'] }],
})
export class ClientErrorLog extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => Organization)
  @Column({ type: DataType.UUID, allowNull: true, field: 'organization_id' })
  declare organizationId: string | null;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: true, field: 'user_id' })
  declare userId: string | null;

  @Column({ type: DataType.STRING(100), allowNull: false, field: 'error_type' })
  declare errorType: string;

  @Column({ type: DataType.TEXT, allowNull: false, field: 'error_message' })
  declare errorMessage: string;

  @Column({ type: DataType.TEXT, allowNull: true, field: 'user_message' })
  declare userMessage: string | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'troubleshooting_steps' })
  declare troubleshootingSteps: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true })
  declare context: Record<string, unknown> | null;

  @Column({ type: DataType.STRING(45), allowNull: true, field: 'ip_address' })
  declare ipAddress: string | null;

  @Column({ type: DataType.STRING(500), allowNull: true, field: 'user_agent' })
  declare userAgent: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true, field: 'request_id' })
  declare requestId: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;
}
