import { Column, DataType, Model, Table } from 'sequelize-typescript';
import { Encrypted } from '../../encryption';

/**
 * One run of the wizard. The client holds the session id (X-Session-ID) and a CSRF token; only
 * their SHA-256 is here. `data` is the JSON of what the steps collected (mail passwords, storage
 * keys), encrypted as one value.
 */
@Table({ tableName: 'onboarding_sessions', underscored: true, timestamps: true, indexes: [{ name: 'onboarding_sessions_hash_unique', unique: true, fields: ['session_hash'] }] })
export class OnboardingSession extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'session_hash' })
  declare sessionHash: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'csrf_hash' })
  declare csrfHash: string;

  @Encrypted()
  @Column({ type: DataType.TEXT('long'), allowNull: true })
  declare data: string | null;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'expires_at' })
  declare expiresAt: Date;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
