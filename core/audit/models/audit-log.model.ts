import { Column, DataType, Model, Table } from 'sequelize-typescript';
import type { AuditOutcome, AuditSeverity } from '../audit.types';

/**
 * audit_logs, for reads (lists, stats). Appends go through AuditService only, and the chain code
 * reads `timestamp` as text, because a JavaScript Date would drop the microseconds it was hashed with.
 * The primary key is (chain_id, seq); `id` is unique and ever-growing (see the migration).
 */
@Table({
  tableName: 'audit_logs',
  underscored: true,
  timestamps: false,
  indexes: [
    { name: 'audit_logs_id_unique', unique: true, fields: ['id'] },
    { name: 'audit_logs_chain_timestamp', fields: ['chain_id', 'timestamp'] },
  ],
})
export class AuditLog extends Model {
  @Column({ type: DataType.BIGINT, allowNull: false, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.STRING(36), allowNull: false, primaryKey: true, field: 'chain_id' })
  declare chainId: string;

  @Column({ type: DataType.BIGINT, allowNull: false, primaryKey: true })
  declare seq: number;

  @Column({ type: DataType.DATE(6), allowNull: false })
  declare timestamp: Date;

  @Column({ type: DataType.STRING(100), allowNull: false, field: 'event_type' })
  declare eventType: string;

  @Column({ type: DataType.STRING(50), allowNull: false, field: 'event_category' })
  declare eventCategory: string;

  @Column({ type: DataType.STRING(10), allowNull: false })
  declare severity: AuditSeverity;

  @Column({ type: DataType.STRING(36), allowNull: true, field: 'organization_id' })
  declare organizationId: string | null;

  @Column({ type: DataType.STRING(64), allowNull: true, field: 'user_id' })
  declare userId: string | null;

  @Column({ type: DataType.STRING(255), allowNull: true })
  declare username: string | null;

  @Column({ type: DataType.CHAR(64), allowNull: true, field: 'session_id' })
  declare sessionId: string | null;

  @Column({ type: DataType.STRING(45), allowNull: true, field: 'ip_address' })
  declare ipAddress: string | null;

  @Column({ type: DataType.STRING(512), allowNull: true, field: 'user_agent' })
  declare userAgent: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true, field: 'request_id' })
  declare requestId: string | null;

  @Column({ type: DataType.STRING(64), allowNull: true, field: 'resource_type' })
  declare resourceType: string | null;

  @Column({ type: DataType.STRING(128), allowNull: true, field: 'resource_id' })
  declare resourceId: string | null;

  @Column({ type: DataType.STRING(10), allowNull: false })
  declare outcome: AuditOutcome;

  @Column({ type: DataType.JSON, allowNull: false, field: 'event_data' })
  declare eventData: Record<string, unknown>;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'previous_hash' })
  declare previousHash: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'current_hash' })
  declare currentHash: string;

  @Column({ type: DataType.SMALLINT, allowNull: false, field: 'hash_version' })
  declare hashVersion: number;

  @Column({ type: DataType.STRING(16), allowNull: false, field: 'key_id' })
  declare keyId: string;
}
