import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Delete, Get, Patch, Path, Post, Query, Request, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { AssignmentsService } from '../services/assignments.service';
import { AvailabilityService } from '../services/availability.service';
import type { AssignmentView, EligiblePositions, UpdateAssignmentRequest } from '../api/shift.types';

/** Assignments by id, the caller's own assignments, and self sign-up eligibility. */
@injectable()
@Route('scheduling')
@Tags('scheduling')
export class AssignmentsController extends Controller {
  constructor(
    @inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
  ) {
    super();
  }

  @Patch('assignments/{id}')
  @Security('session', ['scheduling.assign'])
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateAssignmentRequest): Promise<AssignmentView> {
    return this.assignments.update(actorOf(req), id, body);
  }

  @Delete('assignments/{id}')
  @Security('session', ['scheduling.assign'])
  @SuccessResponse(204, 'Deleted')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<void> {
    await this.assignments.remove(actorOf(req), id);
    this.setStatus(204);
  }

  /** The assigned member (or an officer with scheduling.assign) confirms. */
  @Post('assignments/{id}/confirm')
  @Security('session', ['scheduling.view'])
  public async confirm(@Request() req: ExpressRequest, @Path() id: string): Promise<AssignmentView> {
    return this.assignments.confirm(actorOf(req), id);
  }

  @Get('my-assignments')
  @Security('session', ['scheduling.view'])
  public async mine(@Request() req: ExpressRequest): Promise<AssignmentView[]> {
    return this.assignments.mine(actorOf(req));
  }

  /** Positions the caller may sign up for (of one shift, or any), with the reason for each refused one. */
  @Get('eligibility/positions')
  @Security('session', ['scheduling.view'])
  public async eligibility(@Request() req: ExpressRequest, @Query() shift_id?: string): Promise<EligiblePositions> {
    const auth = actorOf(req).auth;
    return this.availability.eligiblePositions(auth.organizationId, auth.userId, shift_id);
  }
}
