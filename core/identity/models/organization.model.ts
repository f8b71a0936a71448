import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** A department (tenant). Every tenant table carries its id; the session decides which one a request sees. */
@Table({ tableName: 'organizations', underscored: true, timestamps: true, indexes: [{ name: 'organizations_slug_unique', unique: true, fields: ['slug'] }] })
export class Organization extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare slug: string;

  @Column({ type: DataType.STRING(64), allowNull: false, defaultValue: 'America/New_York' })
  declare timezone: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
