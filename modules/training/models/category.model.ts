import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** A course category; categories nest through `parentCategoryId` and list by `sortOrder`. */
@Table({ tableName: 'training_categories', underscored: true, timestamps: true, indexes: [{ name: 'training_categories_org_idx', fields: ['organization_id'] }] })
export class TrainingCategory extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare code: string | null;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.STRING(20), allowNull: true })
  declare color: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'parent_category_id' })
  declare parentCategoryId: string | null;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 0, field: 'sort_order' })
  declare sortOrder: number;

  @Column({ type: DataType.STRING(50), allowNull: true })
  declare icon: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
