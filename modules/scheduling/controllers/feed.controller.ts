import { Readable } from 'node:stream';
import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Controller, Delete, Get, Path, Post, Produces, Request, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { actorOf } from '../../../core/identity/api/actor';
import { FeedService } from '../services/feed.service';
import type { FeedIssued, FeedStatus } from '../api/feed.types';

/** The member's ICS feed: manage the secret URL (signed in), and the feed itself (the secret is the credential). */
@injectable()
@Route('scheduling')
@Tags('scheduling')
export class FeedController extends Controller {
  constructor(@inject(FeedService) private readonly feeds: FeedService) {
    super();
  }

  @Get('calendar-feed')
  @Security('session', ['scheduling.view'])
  public async status(@Request() req: ExpressRequest): Promise<FeedStatus> {
    return this.feeds.status(actorOf(req));
  }

  /** Issues a new secret feed URL, revoking the previous one. The token is shown only here. */
  @Post('calendar-feed')
  @Security('session', ['scheduling.view'])
  @SuccessResponse(201, 'Issued')
  public async issue(@Request() req: ExpressRequest): Promise<FeedIssued> {
    const issued = await this.feeds.issue(actorOf(req));
    this.setStatus(201);
    return issued;
  }

  @Delete('calendar-feed')
  @Security('session', ['scheduling.view'])
  @SuccessResponse(204, 'Revoked')
  public async revoke(@Request() req: ExpressRequest): Promise<void> {
    await this.feeds.revoke(actorOf(req));
    this.setStatus(204);
  }

  /** iCalendar for calendar apps; no session (apps cannot sign in), the unguessable token is the credential. */
  @Get('ics/{token}')
  @Produces('text/calendar')
  public async feed(@Path() token: string): Promise<Readable> {
    const text = await this.feeds.calendar(token);
    this.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    this.setHeader('Content-Disposition', 'inline; filename="shifts.ics"');
    return Readable.from([Buffer.from(text, 'utf8')]);
  }
}
