import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { TOKENS } from '../../../core/kernel/tokens';
import type { Database } from '../../../core/database/database';
import { AUDIT_RECORDER, type AuditRecorder } from '../../../core/audit/audit.types';
import { NotFoundError } from '../../../core/http/errors';
import { changedFields, type Actor } from '../../../core/identity/api/actor';
import { TrainingCategory } from '../models/category.model';
import type { CategoryFields, CreateCategoryRequest, TrainingCategoryView, UpdateCategoryRequest } from '../api/categories.types';
import { categoryView } from './views';
import { Problems } from './validation';
import { trainingEvent } from './audit-events';

/** Course categories: a tree (parent links) listed by sort order. */
@injectable()
export class CategoriesService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(organizationId: string, activeOnly: boolean): Promise<TrainingCategoryView[]> {
    const where = activeOnly ? { organizationId, active: true } : { organizationId };
    const rows = await TrainingCategory.findAll({ where, order: [['sortOrder', 'ASC'], ['name', 'ASC']], raw: true });
    return rows.map(categoryView);
  }

  async create(actor: Actor, body: CreateCategoryRequest): Promise<TrainingCategoryView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      await this.checkParent(org, null, body.parent_category_id, tx);
      const category = await TrainingCategory.create({ organizationId: org, name: body.name.trim(), ...this.fields(body), active: true }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'category-created', 'training_category', category.id, { name: category.name }));
      return categoryView(category);
    });
  }

  async update(actor: Actor, id: string, body: UpdateCategoryRequest): Promise<TrainingCategoryView> {
    const org = actor.auth.organizationId;
    return this.db.transaction(async (tx) => {
      const category = await TrainingCategory.findOne({ where: { id, organizationId: org }, transaction: tx, lock: tx.LOCK.UPDATE });
      if (!category) throw new NotFoundError('Category not found', 'LB-TRN-003');
      await this.checkParent(org, category.id, body.parent_category_id, tx);
      await category.update({
        ...this.fields(body),
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      }, { transaction: tx });
      this.audit.record(tx, trainingEvent(actor, 'category-updated', 'training_category', category.id, { changed: changedFields(body) }));
      return categoryView(category);
    });
  }

  /** The parent must be a category of the organization, and never the category itself or one below it (no cycles). */
  private async checkParent(organizationId: string, selfId: string | null, parentId: string | null | undefined, tx: Transaction): Promise<void> {
    if (!parentId) return;
    const rows = await TrainingCategory.findAll({ where: { organizationId }, attributes: ['id', 'parentCategoryId'], raw: true, transaction: tx });
    const parentOf = new Map(rows.map((r) => [r.id.toLowerCase(), r.parentCategoryId?.toLowerCase() ?? null]));
    const problems = new Problems();
    const wanted = parentId.toLowerCase();
    if (!parentOf.has(wanted)) problems.add('parent_category_id', 'unknown category');
    else if (selfId) {
      for (let at: string | null = wanted, hops = 0; at && hops <= rows.length; at = parentOf.get(at) ?? null, hops++) {
        if (at === selfId.toLowerCase()) { problems.add('parent_category_id', 'a category cannot be placed under itself or one of its subcategories'); break; }
      }
    }
    problems.throwIfAny();
  }

  private fields(body: CategoryFields): Partial<TrainingCategory> {
    const out: Partial<Record<keyof TrainingCategory, unknown>> = {};
    if (body.code !== undefined) out.code = body.code;
    if (body.description !== undefined) out.description = body.description;
    if (body.color !== undefined) out.color = body.color;
    if (body.parent_category_id !== undefined) out.parentCategoryId = body.parent_category_id?.toLowerCase() ?? null;
    if (body.sort_order !== undefined) out.sortOrder = body.sort_order;
    if (body.icon !== undefined) out.icon = body.icon;
    return out as Partial<TrainingCategory>;
  }
}
