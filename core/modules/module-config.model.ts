import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { Organization } from '../identity/models/organization.model';

/** One organization's switch and settings for one feature module. No row: the manifest's default applies. */
@Table({ tableName: 'module_config', underscored: true, timestamps: true, indexes: [{ name: 'module_config_org_module_unique', unique: true, fields: ['organization_id', 'module_key'] }] })
export class ModuleConfig extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @ForeignKey(() => Organization)
  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(64), allowNull: false, field: 'module_key' })
  declare moduleKey: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false })
  declare enabled: boolean;

  @Column({ type: DataType.JSON, allowNull: false })
  declare settings: Record<string, unknown>;

  @Column({ type: DataType.STRING(64), allowNull: true, field: 'updated_by' })
  declare updatedBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
