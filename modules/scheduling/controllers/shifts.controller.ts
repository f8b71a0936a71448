import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { ApiErrorBody } from '../../../core/identity/api/api-error';
import { actorOf } from '../../../core/identity/api/actor';
import { ShiftsService } from '../services/shifts.service';
import { AssignmentsService } from '../services/assignments.service';
import { AvailabilityService } from '../services/availability.service';
import { CalendarService } from '../services/calendar.service';
import type {
  AssignmentView, CancelShiftRequest, CreateAssignmentRequest, CreateShiftRequest, ShiftDetail, ShiftPage, ShiftRecord,
  SignupRequest, UnavailableMembers, UpdateShiftRequest,
} from '../api/shift.types';

/** Shifts and what hangs off one shift: its assignments, sign-up, unavailable members (spa-contract §2.9). */
@injectable()
@Route('scheduling/shifts')
@Tags('scheduling')
export class ShiftsController extends Controller {
  constructor(
    @inject(ShiftsService) private readonly shifts: ShiftsService,
    @inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
    @inject(CalendarService) private readonly calendar: CalendarService,
  ) {
    super();
  }

  /**
   * Shifts whose local date lies in [start_date, end_date], by start time.
   * @isInt skip
   * @minimum skip 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 1000
   */
  @Get()
  @Security('session', ['scheduling.view'])
  public async list(@Request() req: ExpressRequest, @Query() start_date?: string, @Query() end_date?: string, @Query() skip = 0, @Query() limit = 100): Promise<ShiftPage> {
    return this.shifts.list(actorOf(req).auth.organizationId, { start_date, end_date, skip, limit });
  }

  @Post()
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(422, 'End before start, unknown position, unknown member')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateShiftRequest): Promise<ShiftRecord> {
    const shift = await this.shifts.create(actorOf(req), body);
    this.setStatus(201);
    return shift;
  }

  /**
   * Shifts with a free seat the caller is not on and could still sign up for (default: the next 30
   * days; a reversed range or one over 90 days is 400). Declared before `{id}` so "open" is no id.
   */
  @Get('open')
  @Security('session', ['scheduling.view'])
  @Response<ApiErrorBody>(400, 'Reversed or too wide date range')
  public async open(@Request() req: ExpressRequest, @Query() start_date?: string, @Query() end_date?: string, @Query() apparatus_id?: string): Promise<ShiftRecord[]> {
    const auth = actorOf(req).auth;
    return this.calendar.open(auth.organizationId, auth.userId, { start_date, end_date, apparatus_id });
  }

  @Get('{id}')
  @Security('session', ['scheduling.view'])
  @Response<ApiErrorBody>(404, 'No such shift in your organization')
  public async detail(@Request() req: ExpressRequest, @Path() id: string): Promise<ShiftDetail> {
    return this.shifts.detail(actorOf(req).auth.organizationId, id);
  }

  @Patch('{id}')
  @Security('session', ['scheduling.manage'])
  @Response<ApiErrorBody>(409, 'New times overlap an assignee\'s other shift, or the new seat list cannot seat the assignees')
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateShiftRequest): Promise<ShiftRecord> {
    return this.shifts.update(actorOf(req), id, body);
  }

  @Delete('{id}')
  @Security('session', ['scheduling.manage'])
  @SuccessResponse(204, 'Deleted')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.shifts.remove(actorOf(req), id);
    this.setStatus(204);
  }

  @Post('{id}/cancel')
  @Security('session', ['scheduling.manage'])
  public async cancel(@Request() req: ExpressRequest, @Path() id: string, @Body() body: CancelShiftRequest): Promise<ShiftRecord> {
    return this.shifts.cancel(actorOf(req), id, body);
  }

  @Get('{id}/assignments')
  @Security('session', ['scheduling.view'])
  public async assignmentsOf(@Request() req: ExpressRequest, @Path() id: string): Promise<AssignmentView[]> {
    return this.assignments.forShift(actorOf(req).auth.organizationId, id);
  }

  /** Every assignment rule applies; a refusal names its rule (`code`) and says why (`detail`). */
  @Post('{id}/assignments')
  @Security('session', ['scheduling.assign'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(409, 'Seat taken, double-booked, time off, shift cancelled or past')
  public async assign(@Request() req: ExpressRequest, @Path() id: string, @Body() body: CreateAssignmentRequest): Promise<AssignmentView> {
    const created = await this.assignments.assign(actorOf(req), id, body);
    this.setStatus(201);
    return created;
  }

  @Get('{id}/unavailable-members')
  @Security('session', ['scheduling.view'])
  public async unavailable(@Request() req: ExpressRequest, @Path() id: string): Promise<UnavailableMembers> {
    return this.availability.unavailable(actorOf(req).auth.organizationId, id);
  }

  /** Self sign-up: the assignment rules plus eligibility for the position (default firefighter). */
  @Post('{id}/signup')
  @Security('session', ['scheduling.view'])
  @SuccessResponse(201, 'Created')
  @Response<ApiErrorBody>(403, 'Not eligible for the position (the code names the rule)')
  @Response<ApiErrorBody>(409, 'Seat taken, double-booked, time off, shift cancelled or started')
  public async signUp(@Request() req: ExpressRequest, @Path() id: string, @Body() body: SignupRequest): Promise<AssignmentView> {
    const created = await this.assignments.signUp(actorOf(req), id, body.position ?? 'firefighter');
    this.setStatus(201);
    return created;
  }

  @Delete('{id}/signup')
  @Security('session', ['scheduling.view'])
  @SuccessResponse(204, 'Withdrawn')
  public async withdraw(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.assignments.withdraw(actorOf(req), id);
    this.setStatus(204);
  }
}
