import type { CreateCategoryRequest } from '../api/categories.types';
import type { CreateCourseRequest } from '../api/courses.types';
import type { CreateRequirementRequest } from '../api/requirements.types';

/** The demo department's training catalogue. Course codes and category/requirement names are the keys the seed finds them by. */
export const DEMO_CATEGORIES: ReadonlyArray<CreateCategoryRequest> = [
  { name: 'Fire Suppression', code: 'FIRE', color: '#d32f2f', sort_order: 1, icon: 'flame' },
  { name: 'Emergency Medical Services', code: 'EMS', color: '#1976d2', sort_order: 2, icon: 'heart-pulse' },
  { name: 'Hazardous Materials', code: 'HAZ', color: '#f57c00', sort_order: 3, icon: 'biohazard' },
  { name: 'Technical Rescue', code: 'RESC', color: '#388e3c', sort_order: 4, icon: 'life-buoy' },
  { name: 'Apparatus & Driving', code: 'APP', color: '#7b1fa2', sort_order: 5, icon: 'truck' },
  { name: 'Leadership & Command', code: 'LEAD', color: '#455a64', sort_order: 6, icon: 'shield' },
];

export interface DemoCourse extends Omit<CreateCourseRequest, 'category_ids'> {
  code: string;
  category: string;
}

export const DEMO_COURSES: ReadonlyArray<DemoCourse> = [
  { code: 'FF1', name: 'Firefighter I', training_type: 'certification', duration_hours: 160, category: 'FIRE' },
  { code: 'EMT-B', name: 'EMT-Basic Certification', training_type: 'certification', duration_hours: 24, expiration_months: 24, category: 'EMS' },
  { code: 'CPR', name: 'CPR/BLS Provider', training_type: 'certification', duration_hours: 4, expiration_months: 24, category: 'EMS' },
  { code: 'EVOC', name: 'Emergency Vehicle Operations (EVOC)', training_type: 'certification', duration_hours: 16, expiration_months: 36, category: 'APP' },
  { code: 'HAZ-OPS', name: 'Hazmat Operations Refresher', training_type: 'refresher', duration_hours: 8, expiration_months: 12, category: 'HAZ' },
  { code: 'SCBA', name: 'SCBA Fit Test and Confidence Course', training_type: 'skills_practice', duration_hours: 2, expiration_months: 12, category: 'FIRE' },
  { code: 'LIVE', name: 'Live Fire Training', training_type: 'skills_practice', duration_hours: 4, category: 'FIRE' },
  { code: 'EXTR', name: 'Vehicle Extrication', training_type: 'skills_practice', duration_hours: 3, category: 'RESC' },
  { code: 'PUMP', name: 'Pump Operations', training_type: 'continuing_education', duration_hours: 3, category: 'APP' },
  { code: 'ICS-200', name: 'ICS-200 Incident Command', training_type: 'continuing_education', duration_hours: 3, category: 'LEAD' },
  { code: 'EMS-CE', name: 'EMS Continuing Education', training_type: 'continuing_education', duration_hours: 2, category: 'EMS' },
  { code: 'ORIENT', name: 'New Member Orientation', training_type: 'orientation', duration_hours: 8, category: 'LEAD' },
];

/** Course codes of the monthly drills a member picks from (the "two years of records"). */
export const DRILL_COURSES = ['LIVE', 'EXTR', 'PUMP', 'ICS-200', 'EMS-CE', 'LIVE', 'EMS-CE'] as const;

/** Which certification courses a member holds, by position. */
export function certificationsFor(positions: readonly string[]): string[] {
  const has = (...slugs: string[]) => slugs.some((s) => positions.includes(s));
  const out = ['CPR'];
  if (has('firefighter', 'engineer', 'captain', 'lieutenant', 'probationary_firefighter', 'fire_chief', 'deputy_chief', 'assistant_chief')) out.push('FF1', 'SCBA', 'HAZ-OPS');
  if (has('paramedic', 'emt')) out.push('EMT-B');
  if (has('engineer', 'captain', 'lieutenant')) out.push('EVOC');
  return out;
}

/** Requirements; `required_courses` hold course codes here and become ids when created. */
export const DEMO_REQUIREMENTS: ReadonlyArray<CreateRequirementRequest & { courseCodes?: string[] }> = [
  { name: 'Annual Continuing Education (24 hours)', requirement_type: 'hours', frequency: 'annual', due_date_type: 'calendar_period', required_hours: 24, applies_to_all: true, description: 'Twenty-four hours of training each calendar year.' },
  { name: 'Quarterly Drill Hours', requirement_type: 'hours', frequency: 'quarterly', due_date_type: 'calendar_period', required_hours: 6, training_type: 'skills_practice', applies_to_all: true },
  { name: 'CPR/BLS Certification', requirement_type: 'certification', frequency: 'biannual', due_date_type: 'certification_period', courseCodes: ['CPR'], applies_to_all: true, source: 'national', registry_name: 'American Heart Association' },
  { name: 'EMT Certification', requirement_type: 'certification', frequency: 'biannual', due_date_type: 'certification_period', courseCodes: ['EMT-B'], applies_to_all: false, required_positions: ['paramedic', 'emt'], source: 'state', registry_name: 'State EMS Office', registry_code: 'EMT' },
  { name: 'EVOC for Drivers', requirement_type: 'certification', frequency: 'biannual', due_date_type: 'certification_period', courseCodes: ['EVOC'], applies_to_all: false, required_positions: ['engineer'] },
  { name: 'Annual SCBA Fit Test', requirement_type: 'courses', frequency: 'annual', due_date_type: 'rolling', rolling_period_months: 12, courseCodes: ['SCBA'], applies_to_all: false, required_positions: ['firefighter', 'engineer', 'captain', 'lieutenant', 'probationary_firefighter'] },
  { name: 'Hazmat Operations Refresher', requirement_type: 'courses', frequency: 'annual', due_date_type: 'rolling', rolling_period_months: 12, courseCodes: ['HAZ-OPS'], applies_to_all: false, required_positions: ['firefighter', 'engineer', 'captain', 'lieutenant'] },
];
