import { inject, injectable } from 'inversify';
import { QueryTypes } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import type { Logger } from '../../../core/logging/logger';
import { iocContainer } from '../../../core/kernel/ioc';
import { CAPABILITIES, type ShiftActivityProvider } from '../../../core/modules/capabilities';
import { addDays, dateIn, startOfDayIn, type IsoDate } from '../engine/civil-date';
import { evaluationWindow } from '../engine/periods';
import { groupByUser } from '../engine/evaluate-member';
import type { EngineRecord, EngineRequirement, EngineWaiver, EvaluationContext, TrainingStatus, TrainingType } from '../engine/engine.types';
import { TrainingRequirement } from '../models/requirement.model';
import type { TrainingSettings } from '../training.settings';
import { TrainingContext } from './training-context';
import { MemberDirectory, type MemberInfo } from './member-directory';
import { bool, boolOrNull, dateOnly, jsonArray, jsonArrayOrNull, num, numOrNull } from './rows';

/** Everything the engine needs for some members of one organization, loaded in a fixed number of queries. */
export interface ComplianceSnapshot {
  organizationId: string;
  timeZone: string;
  today: IsoDate;
  settings: TrainingSettings;
  members: Map<string, MemberInfo>;
  requirements: EngineRequirement[];
  recordsByUser: Map<string, EngineRecord[]>;
  waiversByUser: Map<string, EngineWaiver[]>;
  context: EvaluationContext;
}

interface RecordRow {
  id: string;
  user_id: string;
  course_id: string | null;
  category_id: string | null;
  course_name: string;
  training_type: TrainingType;
  status: TrainingStatus;
  completion_date: unknown;
  expiration_date: unknown;
  hours_completed: unknown;
  certification_number: string | null;
  score: unknown;
  passed: unknown;
}

interface WaiverRow {
  user_id: string;
  start_date: unknown;
  end_date: unknown;
  requirement_ids: unknown;
}

interface CourseRow {
  id: string;
  category_ids: unknown;
}

/** The completed records of an organization, as plain rows: the one big read of an org-wide evaluation. */
export const COMPLETED_RECORDS_SQL = `SELECT id, user_id, course_id, category_id, course_name, training_type, status, completion_date, expiration_date,
  hours_completed, certification_number, score, passed FROM training_records WHERE organization_id = :organizationId AND status = 'completed'`;

/**
 * Reads the completed records as the driver returns them: Sequelize hands a RAW query's rows over
 * as they are, where a SELECT-typed query copies every row first (a third of the read at 50,000
 * rows). Replacements, not bind parameters: a prepared statement's binary rows were 20x slower here.
 */
async function completedRecords(db: Database, organizationId: string, userIds: readonly string[] | undefined): Promise<RecordRow[]> {
  const inList = userIds ? ' AND user_id IN (:userIds)' : '';
  const [rows] = await db.sequelize.query(COMPLETED_RECORDS_SQL + inList, { type: QueryTypes.RAW, replacements: { organizationId, userIds: userIds ?? [] } });
  return rows as RecordRow[];
}

export function engineRequirement(r: TrainingRequirement): EngineRequirement {
  return {
    id: r.id, name: r.name, requirementType: r.requirementType, trainingType: r.trainingType ?? null, registryCode: r.registryCode ?? null,
    requiredHours: numOrNull(r.requiredHours), requiredCourses: jsonArray(r.requiredCourses), requiredShifts: r.requiredShifts ?? null,
    requiredCalls: r.requiredCalls ?? null, passingScore: numOrNull(r.passingScore), categoryIds: jsonArray(r.categoryIds),
    appliesToAll: bool(r.appliesToAll), requiredPositions: [...jsonArray(r.requiredRoles), ...jsonArray(r.requiredPositions)],
    requiredMembershipTypes: jsonArray(r.requiredMembershipTypes), frequency: r.frequency, dueDateType: r.dueDateType, year: r.year ?? null,
    rollingPeriodMonths: r.rollingPeriodMonths ?? null, periodStartMonth: r.periodStartMonth ?? null, periodStartDay: r.periodStartDay ?? null,
    periodEndMonth: r.periodEndMonth ?? null, periodEndDay: r.periodEndDay ?? null, includeCurrentMonth: boolOrNull(r.includeCurrentMonth),
    startDate: dateOnly(r.startDate), dueDate: dateOnly(r.dueDate),
  };
}

function engineRecord(r: RecordRow): EngineRecord {
  return {
    id: r.id, userId: r.user_id, courseId: r.course_id, categoryId: r.category_id, courseName: r.course_name, trainingType: r.training_type,
    status: r.status, completionDate: dateOnly(r.completion_date), expirationDate: dateOnly(r.expiration_date), hours: num(r.hours_completed),
    certificationNumber: r.certification_number, score: numOrNull(r.score), passed: boolOrNull(r.passed),
  };
}

/**
 * Loads a compliance snapshot: organization timezone, members and positions, active requirements,
 * completed records, active waivers, course categories, and shift/call counts (one provider call
 * per shifts/calls requirement). None of it is per member, so the query count is fixed.
 */
@injectable()
export class ComplianceSnapshots {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TrainingContext) private readonly context: TrainingContext,
    @inject(MemberDirectory) private readonly directory: MemberDirectory,
  ) {}

  async load(organizationId: string, options: { userIds?: string[]; withActivity?: boolean; now?: Date } = {}): Promise<ComplianceSnapshot> {
    const userIds = options.userIds;
    const [timeZone, settings, members, requirementRows, recordRows, waiverRows, courseRows] = await Promise.all([
      this.context.timeZone(organizationId),
      this.context.settings(organizationId),
      this.directory.list(organizationId, userIds, Boolean(userIds)),
      TrainingRequirement.findAll({ where: { organizationId, active: true }, order: [['name', 'ASC']] }),
      completedRecords(this.db, organizationId, userIds),
      this.db.sequelize.query<WaiverRow>(
        `SELECT user_id, start_date, end_date, requirement_ids FROM training_waivers WHERE organization_id = :organizationId AND active = :active${userIds ? ' AND user_id IN (:userIds)' : ''}`,
        { type: QueryTypes.SELECT, replacements: { organizationId, active: true, userIds: userIds ?? [] } },
      ),
      this.db.sequelize.query<CourseRow>('SELECT id, category_ids FROM training_courses WHERE organization_id = :organizationId', { type: QueryTypes.SELECT, replacements: { organizationId } }),
    ]);
    const today = dateIn(timeZone, options.now ?? new Date());
    const requirements = requirementRows.map(engineRequirement);
    const waivers = waiverRows.map((w): EngineWaiver => ({ userId: w.user_id, startDate: dateOnly(w.start_date)!, endDate: dateOnly(w.end_date), requirementIds: jsonArrayOrNull(w.requirement_ids) }));
    const courseCategories = new Map(courseRows.map((c) => [c.id, jsonArray(c.category_ids)]));
    const activity = options.withActivity === false ? new Map() : await this.activity(organizationId, timeZone, today, requirements, [...members.keys()]);
    return {
      organizationId, timeZone, today, settings, members, requirements,
      recordsByUser: groupByUser(recordRows.map(engineRecord)),
      waiversByUser: groupByUser(waivers),
      context: { today, expiringSoonDays: settings.expiring_soon_days, courseCategories, activity, windows: new Map(requirements.map((r) => [r.id, evaluationWindow(r, today)])) },
    };
  }

  /** Shift and call counts from whichever module provides them; absent (or failing) = not evaluable. */
  private async activity(organizationId: string, timeZone: string, today: IsoDate, requirements: EngineRequirement[], userIds: string[]): Promise<Map<string, Map<string, number> | null>> {
    const out = new Map<string, Map<string, number> | null>();
    const wanted = requirements.filter((r) => r.requirementType === 'shifts' || r.requirementType === 'calls');
    if (wanted.length === 0 || userIds.length === 0) return out;
    const provider = iocContainer.isBound(CAPABILITIES.shiftActivity) ? iocContainer.get<ShiftActivityProvider>(CAPABILITIES.shiftActivity) : null;
    if (!provider) return out;
    for (const r of wanted) {
      const window = evaluationWindow(r, today);
      const from = startOfDayIn(timeZone, window.start ?? '1970-01-01');
      const to = startOfDayIn(timeZone, addDays(window.end ?? today, 1));
      try {
        out.set(r.id, r.requirementType === 'shifts' ? await provider.countShifts(organizationId, userIds, from, to) : await provider.countCalls(organizationId, userIds, from, to));
      } catch (err) {
        this.logger.warn({ requirement: r.id, reason: (err as Error).message }, 'shift activity provider failed; requirement reported not evaluable');
        out.set(r.id, null);
      }
    }
    return out;
  }
}
