import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** The newest entry of each chain; its row lock serializes that chain's appends. */
@Table({ tableName: 'audit_chain_heads', underscored: true, timestamps: false })
export class AuditChainHead extends Model {
  @Column({ type: DataType.STRING(36), primaryKey: true, field: 'chain_id' })
  declare chainId: string;

  @Column({ type: DataType.BIGINT, allowNull: false, field: 'last_seq' })
  declare lastSeq: number;

  @Column({ type: DataType.CHAR(64), allowNull: false, field: 'last_hash' })
  declare lastHash: string;

  @Column({ type: DataType.DATE(6), allowNull: false, field: 'updated_at' })
  declare updatedAt: Date;
}
