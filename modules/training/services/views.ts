import type { TrainingCategory } from '../models/category.model';
import type { TrainingCourse } from '../models/course.model';
import type { TrainingRecord } from '../models/record.model';
import type { TrainingRequirement } from '../models/requirement.model';
import type { TrainingWaiver } from '../models/waiver.model';
import type { TrainingCategoryView } from '../api/categories.types';
import type { TrainingCourseView } from '../api/courses.types';
import type { TrainingRecordView, AttachmentView } from '../api/records.types';
import type { ChecklistItemView, TrainingRequirementView } from '../api/requirements.types';
import type { TrainingWaiverView } from '../api/waivers.types';
import { bool, boolOrNull, dateOnly, iso, jsonArray, jsonArrayOrNull, num, numOrNull } from './rows';

/** Row (raw or instance attributes) -> the SPA's shapes (spa-contract §2.8). Only listed fields leave. */

type Attrs<T> = { [K in keyof T]: unknown };
type CategoryRow = Attrs<Pick<TrainingCategory, 'id' | 'organizationId' | 'name' | 'code' | 'description' | 'color' | 'parentCategoryId' | 'sortOrder' | 'icon' | 'active' | 'createdAt' | 'updatedAt'>>;

export function categoryView(c: CategoryRow): TrainingCategoryView {
  return {
    id: String(c.id), organization_id: String(c.organizationId), name: String(c.name), code: (c.code as string | null) ?? null,
    description: (c.description as string | null) ?? null, color: (c.color as string | null) ?? null,
    parent_category_id: (c.parentCategoryId as string | null) ?? null, sort_order: num(c.sortOrder), icon: (c.icon as string | null) ?? null,
    active: bool(c.active), created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
  };
}

export function courseView(c: TrainingCourse): TrainingCourseView {
  return {
    id: c.id, organization_id: c.organizationId, name: c.name, code: c.code ?? null, description: c.description ?? null,
    training_type: c.trainingType, duration_hours: numOrNull(c.durationHours), credit_hours: numOrNull(c.creditHours),
    prerequisites: jsonArray(c.prerequisites), expiration_months: c.expirationMonths ?? null, instructor: c.instructor ?? null,
    max_participants: c.maxParticipants ?? null, materials_required: jsonArray(c.materialsRequired), category_ids: jsonArray(c.categoryIds),
    program_id: null, active: bool(c.active), created_at: iso(c.createdAt), updated_at: iso(c.updatedAt), created_by: c.createdBy ?? null,
  };
}

export function recordView(r: TrainingRecord): TrainingRecordView {
  return {
    id: r.id, organization_id: r.organizationId, user_id: r.userId, course_id: r.courseId ?? null, category_id: r.categoryId ?? null,
    course_name: r.courseName, course_code: r.courseCode ?? null, training_type: r.trainingType,
    scheduled_date: dateOnly(r.scheduledDate), completion_date: dateOnly(r.completionDate), expiration_date: dateOnly(r.expirationDate),
    hours_completed: num(r.hoursCompleted), credit_hours: numOrNull(r.creditHours), certification_number: r.certificationNumber ?? null,
    issuing_agency: r.issuingAgency ?? null, status: r.status, score: numOrNull(r.score), passing_score: numOrNull(r.passingScore),
    passed: boolOrNull(r.passed), instructor: r.instructor ?? null, location: r.location ?? null, location_id: r.locationId ?? null,
    apparatus_id: r.apparatusId ?? null, notes: r.notes ?? null, attachments: jsonArray<AttachmentView>(r.attachments),
    rank_at_completion: r.rankAtCompletion ?? null, station_at_completion: r.stationAtCompletion ?? null,
    created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), created_by: r.createdBy ?? null,
  };
}

/** A configuration that evaluation silently works around, said out loud for the requirements page. */
export function configWarning(r: Pick<TrainingRequirement, 'requirementType' | 'dueDateType' | 'rollingPeriodMonths' | 'dueDate' | 'requiredHours' | 'requiredCourses' | 'requiredShifts' | 'requiredCalls' | 'periodStartMonth' | 'periodEndMonth'>): string | null {
  if (r.dueDateType === 'rolling' && !r.rollingPeriodMonths) return 'Rolling due date without rolling_period_months: measured as a calendar period';
  if (r.dueDateType === 'fixed_date' && !r.dueDate) return 'Fixed due date without due_date: measured as a calendar period';
  if ((r.periodStartMonth === null) !== (r.periodEndMonth === null)) return 'Custom period needs both period_start_month and period_end_month: measured as a calendar period';
  if (r.requirementType === 'hours' && r.requiredHours === null) return 'Hours requirement without required_hours: always met';
  if (r.requirementType === 'courses' && jsonArray(r.requiredCourses).length === 0) return 'Courses requirement without required_courses: always met';
  if (r.requirementType === 'shifts' && r.requiredShifts === null) return 'Shifts requirement without required_shifts: always met';
  if (r.requirementType === 'calls' && r.requiredCalls === null) return 'Calls requirement without required_calls: always met';
  return null;
}

export function requirementView(r: TrainingRequirement): TrainingRequirementView {
  return {
    id: r.id, organization_id: r.organizationId, name: r.name, description: r.description ?? null, requirement_type: r.requirementType,
    source: r.source, registry_name: r.registryName ?? null, registry_code: r.registryCode ?? null, is_editable: bool(r.isEditable),
    allows_external_credit: bool(r.allowsExternalCredit), training_type: r.trainingType ?? null, required_hours: numOrNull(r.requiredHours),
    required_courses: jsonArray(r.requiredCourses), required_shifts: r.requiredShifts ?? null, required_calls: r.requiredCalls ?? null,
    required_call_types: jsonArray(r.requiredCallTypes), required_skills: jsonArray(r.requiredSkills),
    checklist_items: jsonArray<ChecklistItemView>(r.checklistItems), passing_score: numOrNull(r.passingScore), max_attempts: r.maxAttempts ?? null,
    frequency: r.frequency, year: r.year ?? null, applies_to_all: bool(r.appliesToAll), required_roles: jsonArray(r.requiredRoles),
    required_positions: jsonArray(r.requiredPositions), required_membership_types: jsonArray(r.requiredMembershipTypes),
    start_date: dateOnly(r.startDate), due_date: dateOnly(r.dueDate), time_limit_days: r.timeLimitDays ?? null, due_date_type: r.dueDateType,
    rolling_period_months: r.rollingPeriodMonths ?? null, period_start_month: r.periodStartMonth ?? null, period_start_day: r.periodStartDay ?? null,
    period_end_month: r.periodEndMonth ?? null, period_end_day: r.periodEndDay ?? null, include_current_month: boolOrNull(r.includeCurrentMonth),
    recency_days: r.recencyDays ?? null, category_ids: jsonArray(r.categoryIds), active: bool(r.active),
    created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), config_warning: configWarning(r),
  };
}

export function waiverView(w: TrainingWaiver): TrainingWaiverView {
  return {
    id: w.id, organization_id: w.organizationId, user_id: w.userId, waiver_type: w.waiverType, reason: w.reason ?? null,
    start_date: dateOnly(w.startDate)!, end_date: dateOnly(w.endDate), requirement_ids: jsonArrayOrNull(w.requirementIds),
    active: bool(w.active), created_at: iso(w.createdAt), updated_at: iso(w.updatedAt), created_by: w.createdBy ?? null,
  };
}
