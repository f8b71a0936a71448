import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Get, Query, Request, Route, Security, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { CalendarService } from '../services/calendar.service';
import type { MyShiftPage, ShiftRecord } from '../api/shift.types';
import type { ScheduleSummary } from '../api/calendar.types';

/** The calendar reads of the scheduling page and the dashboard. */
@injectable()
@Route('scheduling')
@Tags('scheduling')
export class CalendarController extends Controller {
  constructor(@inject(CalendarService) private readonly calendar: CalendarService) {
    super();
  }

  /** Seven days from the Sunday on or before `week_start` (default: this week, organization time). */
  @Get('calendar/week')
  @Security('session', ['scheduling.view'])
  public async week(@Request() req: ExpressRequest, @Query() week_start?: string): Promise<ShiftRecord[]> {
    return this.calendar.week(actorOf(req).auth.organizationId, week_start);
  }

  /**
   * @isInt year
   * @minimum year 2000
   * @maximum year 2100
   * @isInt month
   * @minimum month 1
   * @maximum month 12
   */
  @Get('calendar/month')
  @Security('session', ['scheduling.view'])
  public async month(@Request() req: ExpressRequest, @Query() year?: number, @Query() month?: number): Promise<ShiftRecord[]> {
    return this.calendar.month(actorOf(req).auth.organizationId, year, month);
  }

  /**
   * @isInt skip
   * @minimum skip 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 1000
   */
  @Get('my-shifts')
  @Security('session', ['scheduling.view'])
  public async myShifts(@Request() req: ExpressRequest, @Query() start_date?: string, @Query() end_date?: string, @Query() skip = 0, @Query() limit = 100): Promise<MyShiftPage> {
    const auth = actorOf(req).auth;
    return this.calendar.myShifts(auth.organizationId, auth.userId, { start_date, end_date, skip, limit });
  }

  @Get('summary')
  @Security('session', ['scheduling.view'])
  public async summary(@Request() req: ExpressRequest): Promise<ScheduleSummary> {
    const auth = actorOf(req).auth;
    return this.calendar.summary(auth.organizationId, auth.userId);
  }
}
