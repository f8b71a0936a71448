import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { User } from './user.model';
import { Position } from './position.model';

/** A member holding a position. */
@Table({
  tableName: 'user_positions', underscored: true, timestamps: false,
  indexes: [
    { name: 'user_positions_pair_unique', unique: true, fields: ['user_id', 'position_id'] },
    { name: 'user_positions_position_idx', fields: ['position_id'] },
  ],
})
export class UserPosition extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.UUID, allowNull: false, field: 'user_id' })
  declare userId: string;

  @ForeignKey(() => Position)
  @Column({ type: DataType.UUID, allowNull: false, field: 'position_id' })
  declare positionId: string;

  @Column({ type: DataType.DATE(3), allowNull: false, field: 'assigned_at', defaultValue: DataType.NOW })
  declare assignedAt: Date;

  @Column({ type: DataType.UUID, allowNull: true, field: 'assigned_by' })
  declare assignedBy: string | null;
}
