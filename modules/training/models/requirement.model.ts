import { Column, DataType, Model, Table } from 'sequelize-typescript';
import type { DueDateType, Frequency, RequirementSource, RequirementType, TrainingType } from '../engine/engine.types';

export interface ChecklistItem {
  id: string;
  text: string;
  member_visible: boolean;
  member_can_complete?: boolean;
}

/**
 * What members must do: a target (hours, courses, a certification, shifts, calls...), a period
 * (frequency, due-date type, rolling months, custom bounds) and who it applies to.
 */
@Table({ tableName: 'training_requirements', underscored: true, timestamps: true, indexes: [{ name: 'training_requirements_org_idx', fields: ['organization_id', 'active'] }] })
export class TrainingRequirement extends Model {
  @Column({ type: DataType.UUID, primaryKey: true, defaultValue: DataType.UUIDV4 })
  declare id: string;

  @Column({ type: DataType.UUID, allowNull: false, field: 'organization_id' })
  declare organizationId: string;

  @Column({ type: DataType.STRING(200), allowNull: false })
  declare name: string;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare description: string | null;

  @Column({ type: DataType.STRING(32), allowNull: false, field: 'requirement_type' })
  declare requirementType: RequirementType;

  @Column({ type: DataType.STRING(16), allowNull: false, defaultValue: 'department' })
  declare source: RequirementSource;

  @Column({ type: DataType.STRING(200), allowNull: true, field: 'registry_name' })
  declare registryName: string | null;

  @Column({ type: DataType.STRING(100), allowNull: true, field: 'registry_code' })
  declare registryCode: string | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'is_editable' })
  declare isEditable: boolean;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false, field: 'allows_external_credit' })
  declare allowsExternalCredit: boolean;

  @Column({ type: DataType.STRING(32), allowNull: true, field: 'training_type' })
  declare trainingType: TrainingType | null;

  @Column({ type: DataType.DECIMAL(8, 2), allowNull: true, field: 'required_hours' })
  declare requiredHours: number | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_courses' })
  declare requiredCourses: string[] | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'required_shifts' })
  declare requiredShifts: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'required_calls' })
  declare requiredCalls: number | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_call_types' })
  declare requiredCallTypes: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_skills' })
  declare requiredSkills: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'checklist_items' })
  declare checklistItems: ChecklistItem[] | null;

  @Column({ type: DataType.DECIMAL(6, 2), allowNull: true, field: 'passing_score' })
  declare passingScore: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'max_attempts' })
  declare maxAttempts: number | null;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare frequency: Frequency;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare year: number | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true, field: 'applies_to_all' })
  declare appliesToAll: boolean;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_roles' })
  declare requiredRoles: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_positions' })
  declare requiredPositions: string[] | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'required_membership_types' })
  declare requiredMembershipTypes: string[] | null;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'start_date' })
  declare startDate: string | null;

  @Column({ type: DataType.DATEONLY, allowNull: true, field: 'due_date' })
  declare dueDate: string | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'time_limit_days' })
  declare timeLimitDays: number | null;

  @Column({ type: DataType.STRING(32), allowNull: false, defaultValue: 'calendar_period', field: 'due_date_type' })
  declare dueDateType: DueDateType;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'rolling_period_months' })
  declare rollingPeriodMonths: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'period_start_month' })
  declare periodStartMonth: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'period_start_day' })
  declare periodStartDay: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'period_end_month' })
  declare periodEndMonth: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'period_end_day' })
  declare periodEndDay: number | null;

  @Column({ type: DataType.BOOLEAN, allowNull: true, field: 'include_current_month' })
  declare includeCurrentMonth: boolean | null;

  @Column({ type: DataType.INTEGER, allowNull: true, field: 'recency_days' })
  declare recencyDays: number | null;

  @Column({ type: DataType.JSON, allowNull: true, field: 'category_ids' })
  declare categoryIds: string[] | null;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare active: boolean;

  @Column({ type: DataType.UUID, allowNull: true, field: 'created_by' })
  declare createdBy: string | null;

  @Column({ type: DataType.DATE(3), field: 'created_at' })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), field: 'updated_at' })
  declare updatedAt: Date;
}
