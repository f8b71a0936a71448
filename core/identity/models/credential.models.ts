import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { User } from './user.model';

/** Earlier password hashes of a member (the newest is the current password); reuse of the last 12 is refused. */
@Table({ tableName: 'password_history', underscored: true, timestamps: true, updatedAt: false, indexes: [{ name: 'password_history_user_idx', fields: ['user_id', 'created_at'] }] })
export class PasswordHistory extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.STRING(255), allowNull: false, field: 'password_hash' })
  declare passwordHash: string;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;
}

/** A password reset link: only the SHA-256 of the 48-byte token is stored; single use, short-lived. */
@Table({
  tableName: 'password_reset_tokens', underscored: true, timestamps: true, updatedAt: false,
  indexes: [
    { name: 'password_reset_tokens_hash_unique', unique: true, fields: ['token_hash'] },
    { name: 'password_reset_tokens_user_idx', fields: ['user_id'] },
  ],
})
export class PasswordResetToken extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'token_hash' })
  declare tokenHash: string;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'expires_at' })
  declare expiresAt: Date;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'used_at' })
  declare usedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;
}

/** One MFA recovery code (SHA-256 of an 80-bit random code); single use. */
@Table({ tableName: 'mfa_recovery_codes', underscored: true, timestamps: true, updatedAt: false, indexes: [{ name: 'mfa_recovery_codes_user_code_unique', unique: true, fields: ['user_id', 'code_hash'] }] })
export class MfaRecoveryCode extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'code_hash' })
  declare codeHash: string;

  @Column({ type: DataType.DATE(3), allowNull: true, field: 'used_at' })
  declare usedAt: Date | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;
}
