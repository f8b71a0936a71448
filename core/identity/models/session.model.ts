import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { User } from './user.model';
import { Organization } from './organization.model';

export type SessionRevokedReason = 'logout' | 'idle' | 'expired' | 'password_changed' | 'refresh_replay' | 'deactivated' | 'admin' | 'mfa_changed';

/**
 * One login. The row is the source of truth; its state is cached in Redis (session-store.ts) and
 * checked on every request. Token hashes are SHA-256 of the tokens' random `jti`.
 */
@Table({
  tableName: 'sessions', underscored: true, timestamps: true, updatedAt: false,
  indexes: [
    { name: 'sessions_access_hash_unique', unique: true, fields: ['access_token_hash'] },
    { name: 'sessions_refresh_hash_unique', unique: true, fields: ['refresh_token_hash'] },
    { name: 'sessions_previous_refresh_idx', fields: ['previous_refresh_hash'] },
    { name: 'sessions_user_idx', fields: ['user_id', 'revoked_at'] },
  ],
})
export class Session extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @ForeignKey(() => Organization)
  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'access_token_hash' })
  declare accessTokenHash: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'refresh_token_hash' })
  declare refreshTokenHash: string;

  @Column({ type: DataType.CHAR(64), allowNull: true, field: 'previous_refresh_hash' })
  declare previousRefreshHash: string | null;

  @Column({ type: DataType.STRING(45), allowNull: true, field: 'ip_address' })
  declare ipAddress: string | null;

  @Column({ type: DataType.STRING(500), allowNull: true, field: 'user_agent' })
  declare userAgent: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'last_activity_at' })
  declare lastActivityAt: Date;

  /** Absolute end of the session (SESSION_ABSOLUTE_HOURS after login), whatever the activity. */
  @Column({ type: DataType.DATE(3), allowNull: false, field: 'expires_at' })
  declare expiresAt: Date;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'revoked_at' })
  declare revokedAt: Date | null;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'revoked_reason' })
  declare revokedReason: SessionRevokedReason | null;
}
