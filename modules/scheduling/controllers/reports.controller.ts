import { Readable } from 'node:stream';
import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Get, Produces, Query, Request, Route, Security, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { ReportsService } from '../services/reports.service';
import type { CoverageReport, MemberHoursReport } from '../api/report.types';

type Format = 'json' | 'csv';

/** Hours and coverage reports (`format=csv` downloads a spreadsheet-safe CSV). */
@injectable()
@Route('scheduling/reports')
@Tags('scheduling')
export class ReportsController extends Controller {
  constructor(@inject(ReportsService) private readonly reports: ReportsService) {
    super();
  }

  private csv(name: string, text: string): Readable {
    this.setHeader('Content-Type', 'text/csv; charset=utf-8');
    this.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    return Readable.from([Buffer.from(text, 'utf8')]);
  }

  /** Shifts and hours per member over [start_date, end_date] (at most 366 days). */
  @Get('member-hours')
  @Security('session', ['scheduling.report'])
  @Produces('application/json')
  public async memberHours(@Request() req: ExpressRequest, @Query() start_date?: string, @Query() end_date?: string, @Query() format?: Format): Promise<MemberHoursReport | Readable> {
    const actor = actorOf(req);
    const report = await this.reports.memberHours(actor.auth.organizationId, start_date, end_date);
    if (format !== 'csv') return report;
    await this.reports.recordExport(actor, 'member-hours', report.start_date, report.end_date, report.members.length);
    return this.csv(`member-hours-${report.start_date}-${report.end_date}`, this.reports.memberHoursCsv(report));
  }

  /** Scheduled shifts below their minimum staffing over [start_date, end_date]. */
  @Get('coverage')
  @Security('session', ['scheduling.report'])
  @Produces('application/json')
  public async coverage(@Request() req: ExpressRequest, @Query() start_date?: string, @Query() end_date?: string, @Query() format?: Format): Promise<CoverageReport | Readable> {
    const actor = actorOf(req);
    const report = await this.reports.coverage(actor.auth.organizationId, start_date, end_date);
    if (format !== 'csv') return report;
    await this.reports.recordExport(actor, 'coverage', report.start_date, report.end_date, report.shifts.length);
    return this.csv(`coverage-${report.start_date}-${report.end_date}`, this.reports.coverageCsv(report));
  }
}
