import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Get, Path, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { ComplianceService } from '../services/compliance.service';
import { RecordsService } from '../services/records.service';
import { TrainingContext } from '../services/training-context';
import { addDays } from '../engine/civil-date';
import type { ComplianceSummaryView, DashboardSummaryView, ExpiringCertificationView } from '../api/compliance.types';
import type { TrainingRecordView } from '../api/records.types';
import type { Uuid } from '../api/common.types';

/** Compliance reads (spa-contract §2.8): a member's summary, expiring certifications, the officers' dashboard. */
@injectable()
@Route('training')
@Tags('training')
export class ComplianceController extends Controller {
  constructor(
    @inject(ComplianceService) private readonly compliance: ComplianceService,
    @inject(RecordsService) private readonly records: RecordsService,
    @inject(TrainingContext) private readonly context: TrainingContext,
  ) {
    super();
  }

  /** Your own summary, or (with training.view_all or training.manage) any member's of your organization. */
  @Get('compliance-summary/{uid}')
  @Security('session', ['training.view'])
  @Response<ApiErrorBody>(403, 'Another member without training.view_all')
  @Response<ApiErrorBody>(404, 'No such member in your organization')
  public async summary(@Request() req: ExpressRequest, @Path() uid: Uuid): Promise<ComplianceSummaryView> {
    return this.compliance.summary(actorOf(req), req, uid);
  }

  /**
   * Certifications expiring within `days` (expired ones included, negative days), soonest first.
   * Needs training.manage or training.view_all.
   * @isInt days
   * @minimum days 1
   * @maximum days 365
   */
  @Get('expiring-certifications')
  @Security('session', ['training.view'])
  public async expiring(@Request() req: ExpressRequest, @Query() days?: number): Promise<ExpiringCertificationView[]> {
    return this.compliance.expiring(actorOf(req), req, days ?? 90);
  }

  /**
   * The training officer's dashboard: every member evaluated, status counts, expiring certifications.
   * Needs training.manage or training.view_all.
   * @isInt expiration_days
   * @minimum expiration_days 1
   * @maximum expiration_days 365
   */
  @Get('dashboard-summary')
  @Security('session', ['training.view'])
  public async dashboard(@Request() req: ExpressRequest, @Query() expiration_days?: number): Promise<DashboardSummaryView> {
    return this.compliance.dashboard(actorOf(req), req, expiration_days ?? 90);
  }

  /**
   * Completed records whose expiration date falls within the next `days_ahead` days (yours, or the organization's for officers).
   * @isInt days_ahead
   * @minimum days_ahead 1
   * @maximum days_ahead 365
   */
  @Get('certifications/expiring')
  @Security('session', ['training.view'])
  public async expiringRecords(@Request() req: ExpressRequest, @Query() days_ahead?: number): Promise<TrainingRecordView[]> {
    const actor = actorOf(req);
    const today = await this.context.today(actor.auth.organizationId);
    return this.records.expiring(actor, today, addDays(today, days_ahead ?? 90));
  }
}
