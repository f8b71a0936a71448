import { inject, injectable } from 'inversify';
import { Op } from 'sequelize';
import type { PositionQualificationProvider, QualificationRefusal } from '../../../core/modules/capabilities';
import { TrainingRecord } from '../models/record.model';
import { TrainingRequirement } from '../models/requirement.model';
import { isCurrentCertification, matchesCertification } from '../engine/certifications';
import type { EngineRecord, EngineRequirement } from '../engine/engine.types';
import type { PositionQualificationRule } from '../training.settings';
import { TrainingContext } from './training-context';
import { MemberDirectory } from './member-directory';
import { engineRequirement } from './compliance-snapshot';
import { boolOrNull, dateOnly, num, numOrNull } from './rows';

export const QUALIFICATION_CODES = {
  missing: 'TRAINING-QUAL-CERT-MISSING',
  expired: 'TRAINING-QUAL-CERT-EXPIRED',
} as const;

interface Rule extends PositionQualificationRule {
  requirement: EngineRequirement | null;
}

/**
 * Answers the scheduling module's question "may this member take this seat?" from the training
 * settings' `position_qualifications`: a seat needs a current certification, of given courses or
 * matching a certification requirement. Whole calendar pages are answered with three queries.
 */
@injectable()
export class TrainingQualificationProvider implements PositionQualificationProvider {
  constructor(
    @inject(TrainingContext) private readonly context: TrainingContext,
    @inject(MemberDirectory) private readonly directory: MemberDirectory,
  ) {}

  async knownPositions(organizationId: string, positions: readonly string[]): Promise<Set<string>> {
    const rules = await this.rules(organizationId, positions);
    return new Set(rules.keys());
  }

  async check(organizationId: string, userIds: readonly string[], positions: readonly string[], onDate: string): Promise<Map<string, Map<string, QualificationRefusal | null>>> {
    const rules = await this.rules(organizationId, positions);
    const out = new Map<string, Map<string, QualificationRefusal | null>>();
    if (rules.size === 0 || userIds.length === 0) {
      for (const u of userIds) out.set(u, new Map());
      return out;
    }
    const [members, rows] = await Promise.all([
      this.directory.list(organizationId, userIds, true),
      TrainingRecord.findAll({
        where: { organizationId, userId: { [Op.in]: [...userIds] }, status: 'completed', certificationNumber: { [Op.ne]: null }, expirationDate: { [Op.ne]: null } },
        attributes: ['id', 'userId', 'courseId', 'categoryId', 'courseName', 'trainingType', 'status', 'completionDate', 'expirationDate', 'hoursCompleted', 'certificationNumber', 'score', 'passed'],
        raw: true,
      }),
    ]);
    const byUser = new Map<string, EngineRecord[]>();
    for (const r of rows) {
      const rec: EngineRecord = {
        id: r.id, userId: r.userId, courseId: r.courseId, categoryId: r.categoryId, courseName: r.courseName, trainingType: r.trainingType, status: r.status,
        completionDate: dateOnly(r.completionDate), expirationDate: dateOnly(r.expirationDate), hours: num(r.hoursCompleted),
        certificationNumber: r.certificationNumber, score: numOrNull(r.score), passed: boolOrNull(r.passed),
      };
      byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), rec]);
    }
    for (const userId of userIds) {
      const answers = new Map<string, QualificationRefusal | null>();
      const name = members.get(userId)?.firstName ?? 'This member';
      for (const [position, rule] of rules) {
        const evidence = (byUser.get(userId) ?? []).filter((r) => (rule.requirement ? matchesCertification(rule.requirement, r) : (rule.course_ids ?? []).includes(r.courseId ?? '')));
        answers.set(position, this.answer(name, position, rule.label, evidence, onDate));
      }
      out.set(userId, answers);
    }
    return out;
  }

  private answer(name: string, position: string, label: string, evidence: EngineRecord[], onDate: string): QualificationRefusal | null {
    if (evidence.some((r) => isCurrentCertification(r, onDate))) return null;
    const lapsed = evidence.map((r) => r.expirationDate!).sort().pop();
    if (lapsed) return { code: QUALIFICATION_CODES.expired, message: `${name}'s ${label} certification expired on ${lapsed}, and the ${position} seat requires a current one` };
    return { code: QUALIFICATION_CODES.missing, message: `${name} holds no current ${label} certification, which the ${position} seat requires` };
  }

  /** The settings' rules for the asked positions; a rule pointing at a deleted requirement is ignored (left to the consumer). */
  private async rules(organizationId: string, positions: readonly string[]): Promise<Map<string, Rule>> {
    const settings = await this.context.settings(organizationId);
    const wanted = settings.position_qualifications.filter((r) => positions.includes(r.position));
    const requirementIds = wanted.map((r) => r.requirement_id).filter((id): id is string => Boolean(id));
    const requirements = requirementIds.length > 0
      ? new Map((await TrainingRequirement.findAll({ where: { organizationId, id: { [Op.in]: requirementIds } } })).map((r) => [r.id, engineRequirement(r)]))
      : new Map<string, EngineRequirement>();
    const out = new Map<string, Rule>();
    for (const r of wanted) {
      if (r.requirement_id && !requirements.has(r.requirement_id)) continue;
      if (!out.has(r.position)) out.set(r.position, { ...r, requirement: r.requirement_id ? requirements.get(r.requirement_id)! : null });
    }
    return out;
  }
}
