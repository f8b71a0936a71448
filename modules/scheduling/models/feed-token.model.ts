import { Column, DataType, Model, Table } from 'sequelize-typescript';

/**
 * A member's calendar-feed secret. Only its SHA-256 is stored (it is a credential for the feed URL);
 * one per member, replaced on rotation, deleted on revocation.
 */
@Table({
  tableName: 'scheduling_feed_tokens', underscored: true, timestamps: true,
  indexes: [
    { name: 'scheduling_feed_tokens_user_unique', unique: true, fields: ['user_id'] },
    { name: 'scheduling_feed_tokens_hash_unique', unique: true, fields: ['token_hash'] },
  ],
})
export class FeedToken extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'token_hash' })
  declare tokenHash: string;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
