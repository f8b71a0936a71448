import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** A signed checkpoint of one chain segment (see checkpoint-signer.ts for what is signed). */
@Table({
  tableName: 'audit_checkpoints',
  underscored: true,
  timestamps: false,
  indexes: [{ name: 'audit_checkpoints_chain_seq_unique', unique: true, fields: ['chain_id', 'last_seq'] }],
})
export class AuditCheckpoint extends Model {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.STRING(36), allowNull: false, field: 'chain_id' })
  declare chainId: string;

  @Column({ type: DataType.BIGINT, allowNull: false, field: 'last_seq' })
  declare lastSeq: number;

  @Column({ type: DataType.BIGINT, allowNull: false })
  declare count: number;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'head_hash' })
  declare headHash: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'merkle_root' })
  declare merkleRoot: string;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'content_digest' })
  declare contentDigest: string;

  @Column({ type: DataType.DATE(6), allowNull: false, field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.STRING(16), allowNull: false, field: 'key_id' })
  declare keyId: string;

  @Column({ type: DataType.STRING(128), allowNull: false })
  declare signature: string;
}
