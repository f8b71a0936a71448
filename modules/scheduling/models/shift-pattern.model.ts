import { Column, DataType, Model, Table } from 'sequelize-typescript';

export const PATTERN_TYPES = ['daily', 'weekly', 'platoon', 'custom'] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/**
 * A rotation that generates shifts from a template: every day, chosen weekdays, a platoon rotation
 * (days on / days off, e.g. 1/2 for 24/48) or a custom on/off cycle (Kelly schedules), counted from
 * `start_date`. `generated_through` is how far the daily job has extended it.
 */
@Table({ tableName: 'scheduling_patterns', underscored: true, timestamps: true, indexes: [{ name: 'scheduling_patterns_org_idx', fields: ['organization_id'] }] })
export class ShiftPattern extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(100), allowNull: false })
  declare name: string;

  @Column({ type: DataType.STRING(16), allowNull: false, field: 'pattern_type' })
  declare patternType: PatternType;

  @Column({ type: DataType.UUID, allowNull: false, field: 'template_id' })
  declare templateId: string;

  @Column({ type: DataType.DATEONLY, allowNull: false, field: 'start_date' })
  declare startDate: string;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'end_date' })
  declare endDate: string | null;

  /** JSON text: weekdays 0 (Sunday) to 6, for weekly patterns. */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare weekdays: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'days_on' })
  declare daysOn: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'days_off' })
  declare daysOff: number | null;

  /** JSON text: booleans, one per day of a custom cycle (true = on duty). */
  @Column({ type: DataType.TEXT, allowNull: true })
  declare cycle: string | null;

  @Column({ type: DataType.STRING(20), allowNull: true })
  declare platoon: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'is_active' })
  declare isActive: boolean;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'generated_through' })
  declare generatedThrough: string | null;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
