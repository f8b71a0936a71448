import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { SwapsService } from '../services/swaps.service';
import { TimeOffService } from '../services/time-off.service';
import type { CreateSwapRequest, CreateTimeOffRequest, RequestStatusName, ReviewRequest, SwapPage, SwapView, TimeOffPage, TimeOffView } from '../api/request.types';

/** Swap requests and time off: the Requests tab (spa-contract §2.9). */
@injectable()
@Route('scheduling')
@Tags('scheduling')
export class RequestsController extends Controller {
  constructor(
    @inject(SwapsService) private readonly swaps: SwapsService,
    @inject(TimeOffService) private readonly timeOff: TimeOffService,
  ) {
    super();
  }

  /**
   * Officers with scheduling.manage see every request; members see those they take part in.
   * @isInt skip
   * @minimum skip 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 1000
   */
  @Get('swap-requests')
  @Security('session', ['scheduling.view'])
  public async listSwaps(@Request() req: ExpressRequest, @Query() status?: RequestStatusName, @Query() skip = 0, @Query() limit = 20): Promise<SwapPage> {
    return this.swaps.list(actorOf(req), { status, skip, limit });
  }

  @Post('swap-requests')
  @Security('session', ['scheduling.swap'])
  @SuccessResponse(201, 'Created')
  public async createSwap(@Request() req: ExpressRequest, @Body() body: CreateSwapRequest): Promise<SwapView> {
    const swap = await this.swaps.create(actorOf(req), body);
    this.setStatus(201);
    return swap;
  }

  /** Approval re-runs every assignment rule under row locks and applies the swap atomically. */
  @Post('swap-requests/{id}/review')
  @Security('session', ['scheduling.manage'])
  @Response<ApiErrorBody>(403, 'You take part in this swap (LB-SCHED-032)')
  @Response<ApiErrorBody>(409, 'Already reviewed, or a rule refuses the swap now')
  public async reviewSwap(@Request() req: ExpressRequest, @Path() id: string, @Body() body: ReviewRequest): Promise<SwapView> {
    return this.swaps.review(actorOf(req), id, body);
  }

  @Post('swap-requests/{id}/cancel')
  @Security('session', ['scheduling.view'])
  public async cancelSwap(@Request() req: ExpressRequest, @Path() id: string): Promise<SwapView> {
    return this.swaps.cancel(actorOf(req), id);
  }

  /**
   * @isInt skip
   * @minimum skip 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 1000
   */
  @Get('time-off')
  @Security('session', ['scheduling.view'])
  public async listTimeOff(@Request() req: ExpressRequest, @Query() status?: RequestStatusName, @Query() user_id?: string, @Query() skip = 0, @Query() limit = 100): Promise<TimeOffPage> {
    return this.timeOff.list(actorOf(req), { status, user_id, skip, limit });
  }

  @Post('time-off')
  @Security('session', ['scheduling.view'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'End before start')
  public async createTimeOff(@Request() req: ExpressRequest, @Body() body: CreateTimeOffRequest): Promise<TimeOffView> {
    const t = await this.timeOff.create(actorOf(req), body);
    this.setStatus(201);
    return t;
  }

  /** Approval cancels the member's conflicting assignments (audited; emailed when SMTP is set up). */
  @Post('time-off/{id}/review')
  @Security('session', ['scheduling.manage'])
  public async reviewTimeOff(@Request() req: ExpressRequest, @Path() id: string, @Body() body: ReviewRequest): Promise<TimeOffView> {
    return this.timeOff.review(actorOf(req), id, body);
  }

  @Post('time-off/{id}/cancel')
  @Security('session', ['scheduling.view'])
  public async cancelTimeOff(@Request() req: ExpressRequest, @Path() id: string): Promise<TimeOffView> {
    return this.timeOff.cancel(actorOf(req), id);
  }
}
