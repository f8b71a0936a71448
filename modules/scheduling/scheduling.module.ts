import { defineModule } from '../../core/modules/manifest';
import { Shift } from './models/shift.model';
import { Assignment } from './models/assignment.model';
import { ShiftTemplate } from './models/shift-template.model';
import { ShiftPattern } from './models/shift-pattern.model';
import { SwapRequest } from './models/swap-request.model';
import { TimeOff } from './models/time-off.model';
import { FeedToken } from './models/feed-token.model';
import { schedulingContainer } from './scheduling.container';
import { schedulingSettingsSchema } from './scheduling.settings';
import { RegisterRoutes } from './generated/routes';
import { extendPatternsJob } from './scheduling.jobs';

/**
 * Shifts, templates, rotation patterns, assignments and self sign-up, swaps and time off, the
 * calendar, an ICS feed and reports (issue #6; docs/scheduling.md). Works with or without the
 * training module: when training binds the PositionQualificationProvider, it decides the seats it
 * knows; scheduling provides the ShiftActivityProvider in return.
 */
export default defineModule({
  key: 'scheduling',
  title: 'Scheduling',
  version: '1.0.0',
  description: 'Shifts, assignments, sign-up, swaps, time off and the duty calendar',
  permissions: [
    { name: 'scheduling.view', description: 'See the schedule, sign up for open seats, request time off', category: 'scheduling' },
    { name: 'scheduling.manage', description: 'Create and edit shifts, templates, patterns and settings; review swaps and time off', category: 'scheduling' },
    { name: 'scheduling.assign', description: 'Assign members to shift seats', category: 'scheduling' },
    { name: 'scheduling.swap', description: 'Request shift swaps', category: 'scheduling' },
    { name: 'scheduling.report', description: 'Read hours and coverage reports', category: 'scheduling' },
  ],
  models: [Shift, Assignment, ShiftTemplate, ShiftPattern, SwapRequest, TimeOff, FeedToken],
  container: schedulingContainer,
  routes: RegisterRoutes,
  settingsSchema: schedulingSettingsSchema,
  defaultEnabled: true,
  jobs: [extendPatternsJob],
});
