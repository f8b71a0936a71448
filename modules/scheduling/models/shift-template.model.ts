import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const TEMPLATE_CATEGORIES = ['standard', 'specialty', 'event'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** A reusable shift shape: local times of day, a seat list, minimum staffing. */
@Table({ tableName: 'scheduling_templates', underscored: true, timestamps: true, indexes: [{ name: 'scheduling_templates_org_idx', fields: ['organization_id'] }] })
export class ShiftTemplate extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare name: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.STRING(5), allowNull: false, field: 'start_time_of_day' })
  declare startTimeOfDay: string;

  @Column({ type: DataType.STRING(5), allowNull: false, field: 'end_time_of_day' })
  declare endTimeOfDay: string;

  @Column({ type: DataType.DOUBLE, allowNull: false, field: 'duration_hours' })
  declare durationHours: number;

  @Column({ type: DataType.STRING(20), allowNull: true })
  declare color: string | null;

  /** JSON text: the seat list, `[{position, required}]`. */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare positions: string | null;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 1, field: 'min_staffing' })
  declare minStaffing: number;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'standard' })
  declare category: TemplateCategory;

  @Column({ type: DataType.STRING(50), allowNull: true, field: 'apparatus_type' })
  declare apparatusType: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'apparatus_id' })
  declare apparatusId: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'is_default' })
  declare isDefault: boolean;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'is_active' })
  declare isActive: boolean;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'open_to_all_members' })
  declare openToAllMembers: boolean;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
