import { defineModule } from '../../core/modules/manifest';
import { trainingContainer } from './training.container';
import { trainingSettingsSchema } from './training.settings';
import type { Router } from 'express';
import { TrainingCategory } from './models/category.model';
import { TrainingCourse } from './models/course.model';
import { TrainingRecord } from './models/record.model';
import { TrainingRequirement } from './models/requirement.model';
import { TrainingWaiver } from './models/waiver.model';
import { TrainingCertAlert } from './models/cert-alert.model';
import { ExpiryAlertsService } from './services/expiry-alerts.service';

/**
 * Training: courses, records, requirements, waivers and the compliance engine the SPA uses
 * (spa-contract §2.8; rules of original-backend §6). See docs/training.md.
 */
export default defineModule({
  key: 'training',
  title: 'Training',
  version: '1.0.0',
  description: 'Courses, training records, requirements, waivers, compliance and certification expiry alerts',
  permissions: [
    { name: 'training.view', description: 'See the training pages and your own training', category: 'training' },
    { name: 'training.view_all', description: 'See every member\'s training records and compliance', category: 'training' },
    { name: 'training.manage', description: 'Manage courses, records, requirements, waivers and training settings', category: 'training' },
  ],
  models: [TrainingCategory, TrainingCourse, TrainingRecord, TrainingRequirement, TrainingWaiver, TrainingCertAlert],
  container: trainingContainer,
  routes: (router: Router) => {
    // Required on first mount, so the CLI (which serves no HTTP) never loads the routes and controllers' tsoa tables.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./generated/routes') as { RegisterRoutes: (r: Router) => void }).RegisterRoutes(router);
  },
  settingsSchema: trainingSettingsSchema,
  defaultEnabled: true,
  jobs: [{
    name: 'training.expiry-alerts',
    description: 'Certification expiry alerts: 90/60/30/7 days and expired, each tier once per record',
    schedule: { dailyAt: '06:00' },
    timeoutSeconds: 900,
    run: async ({ container }) => container.get(ExpiryAlertsService).run(),
  }],
});
