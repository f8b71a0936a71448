import { ContainerModule } from 'inversify';
import { CAPABILITIES } from '../../core/modules/capabilities';
import { SEED_CONTRIBUTOR } from '../../core/modules/seed-contributors';
import { SchedulingSeeder } from './seed/scheduling.seed';
import { SchedulingContext } from './services/scheduling-context';
import { EligibilityService } from './services/eligibility.service';
import { ShiftsService } from './services/shifts.service';
import { AssignmentsService } from './services/assignments.service';
import { AvailabilityService } from './services/availability.service';
import { CalendarService } from './services/calendar.service';
import { SettingsService } from './services/settings.service';
import { TemplatesService } from './services/templates.service';
import { CalendarController } from './controllers/calendar.controller';
import { TemplatesController } from './controllers/templates.controller';
import { SwapsService } from './services/swaps.service';
import { TimeOffService } from './services/time-off.service';
import { RequestsController } from './controllers/requests.controller';
import { PatternsService } from './services/patterns.service';
import { PatternsController } from './controllers/patterns.controller';
import { FeedService } from './services/feed.service';
import { ReportsService } from './services/reports.service';
import { FeedController } from './controllers/feed.controller';
import { ReportsController } from './controllers/reports.controller';
import { ShiftActivity } from './services/shift-activity.provider';
import { ShiftsController } from './controllers/shifts.controller';
import { AssignmentsController } from './controllers/assignments.controller';

/** Services are singletons, controllers transient (tsoa keeps status and headers on the instance). */
export const schedulingContainer = new ContainerModule(({ bind }) => {
  bind(SchedulingContext).toSelf();
  bind(EligibilityService).toSelf();
  bind(ShiftsService).toSelf();
  bind(AssignmentsService).toSelf();
  bind(AvailabilityService).toSelf();
  bind(CalendarService).toSelf();
  bind(SettingsService).toSelf();
  bind(TemplatesService).toSelf();
  bind(SwapsService).toSelf();
  bind(TimeOffService).toSelf();
  bind(PatternsService).toSelf();
  bind(FeedService).toSelf();
  bind(ReportsService).toSelf();
  bind(ShiftActivity).toSelf();
  // What training (or any module) asks for to count shifts worked.
  bind(CAPABILITIES.shiftActivity).toService(ShiftActivity);
  // Scheduling's part of `logbook seed --demo`.
  bind(SchedulingSeeder).toSelf();
  bind(SEED_CONTRIBUTOR).toService(SchedulingSeeder);
  bind(ShiftsController).toSelf().inTransientScope();
  bind(AssignmentsController).toSelf().inTransientScope();
  bind(CalendarController).toSelf().inTransientScope();
  bind(TemplatesController).toSelf().inTransientScope();
  bind(RequestsController).toSelf().inTransientScope();
  bind(PatternsController).toSelf().inTransientScope();
  bind(FeedController).toSelf().inTransientScope();
  bind(ReportsController).toSelf().inTransientScope();
});
