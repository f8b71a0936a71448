import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { Organization } from './organization.model';

/** A position ("role" in the API): a named set of permission strings, held by members. */
@Table({ tableName: 'positions', underscored: true, timestamps: true, indexes: [{ name: 'positions_org_slug_unique', unique: true, fields: ['organization_id', 'slug'] }] })
export class Position extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => Organization)
  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare slug: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.JSON, allowNull: false })
  declare permissions: string[];

  /** Seeded per organization (the 31 of the original); cannot be deleted. */
  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'is_system' })
  declare isSystem: boolean;

  /** 0-100; higher positions are listed first. */
  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0 })
  declare priority: number;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
