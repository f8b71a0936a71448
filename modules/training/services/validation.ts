import { Op } from 'sequelize';
import type { Transaction } from 'sequelize';
import { ValidationError, type FieldProblem } from '../../../core/http/errors';
import { isIsoDate } from '../engine/civil-date';
import { type TrainingCourse } from '../models/course.model';
import { type TrainingCategory } from '../models/category.model';
import { type TrainingRequirement } from '../models/requirement.model';

/** Rules tsoa's types cannot state; every problem is collected so the SPA shows them all at once. */
export class Problems {
  private readonly list: FieldProblem[] = [];

  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }

  /** `field` must be a real calendar date when given (the pattern only checks its shape). */
  date(field: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined && !isIsoDate(value)) this.add(field, 'must be a real calendar date (YYYY-MM-DD)');
    return this;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}

type IdModel = typeof TrainingCourse | typeof TrainingCategory | typeof TrainingRequirement;

/**
 * Ids a body refers to must exist in the caller's organization; one of another organization is
 * reported exactly like an unknown one (422 on the field), so ids cannot be probed across tenants.
 */
export async function checkIdsInOrg(problems: Problems, model: IdModel, field: string, organizationId: string, ids: readonly string[] | null | undefined, tx?: Transaction): Promise<void> {
  const wanted = [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return;
  const found = await (model as typeof TrainingCourse).findAll({ where: { organizationId, id: { [Op.in]: wanted } }, attributes: ['id'], raw: true, transaction: tx });
  const known = new Set(found.map((r) => r.id.toLowerCase()));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length > 0) problems.add(field, `unknown id${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
}
