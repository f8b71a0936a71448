import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Extension, Get, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from './api-error';
import { AuditLogsService, AUDIT_PAGE_MAX } from './audit-logs.service';
import { actorOf, requireAnyPermission } from './actor';
import type { AuditIntegrity, AuditLogPage, AuditLogStats, AuditPublicKey } from './audit-logs.types';

/** The organization's audit trail for its administrators (spa-contract §2.7). */
@injectable()
@Route('')
@Tags('audit')
export class AuditLogsController extends Controller {
  constructor(@inject(AuditLogsService) private readonly logs: AuditLogsService) {
    super();
  }

  /**
   * Newest first. `search` matches event type, category and username.
   * @isInt skip
   * @minimum skip 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 500
   * @pattern severity ^(info|warning|critical)$
   * @maxLength user_id 64
   */
  @Get('audit-logs')
  @Security('session', ['audit.view'])
  @Response<ApiErrorBody>(422, 'Bad filter')
  public async list(
    @Request() req: ExpressRequest,
    @Query() search?: string, @Query() severity?: string, @Query() event_category?: string, @Query() event_type?: string,
    @Query() user_id?: string, @Query() start_date?: string, @Query() end_date?: string,
    @Query() skip = 0, @Query() limit = 100,
  ): Promise<AuditLogPage> {
    const filter = { search: search?.slice(0, 200), severity, event_category, event_type, user_id, start_date, end_date };
    return this.logs.list(actorOf(req), filter, skip, Math.min(limit, AUDIT_PAGE_MAX));
  }

  @Get('audit-logs/stats')
  @Security('session', ['audit.view'])
  public async stats(@Request() req: ExpressRequest): Promise<AuditLogStats> {
    return this.logs.stats(actorOf(req).auth.organizationId);
  }

  /**
   * Verifies the organization's hash chain (optionally between two entry ids) against itself and its signed checkpoints.
   * @isInt start_id
   * @minimum start_id 1
   * @isInt end_id
   * @minimum end_id 1
   */
  @Get('security/audit-log/integrity')
  @Extension('x-permissions-any', ['audit.view', 'security.manage'])
  @Security('session')
  @Response<ApiErrorBody>(403, 'Needs audit.view or security.manage')
  public async integrity(@Request() req: ExpressRequest, @Query() start_id?: number, @Query() end_id?: number): Promise<AuditIntegrity> {
    const actor = actorOf(req);
    await requireAnyPermission(actor, req, ['audit.view', 'security.manage']);
    return this.logs.integrity(actor, start_id, end_id);
  }

  /** The Ed25519 public key (PEM) that checkpoints and exports are signed with, for auditors. */
  @Get('security/audit-log/public-key')
  @Extension('x-permissions-any', ['audit.view', 'security.manage'])
  @Security('session')
  public async publicKey(@Request() req: ExpressRequest): Promise<AuditPublicKey> {
    await requireAnyPermission(actorOf(req), req, ['audit.view', 'security.manage']);
    return this.logs.publicKey();
  }
}
