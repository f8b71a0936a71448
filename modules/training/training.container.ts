import { ContainerModule } from 'inversify';
import { CAPABILITIES } from '../../core/modules/capabilities';
import { SEED_CONTRIBUTOR } from '../../core/modules/seed-contributors';
import { TrainingContext } from './services/training-context';
import { MemberDirectory } from './services/member-directory';
import { CoursesService } from './services/courses.service';
import { CategoriesService } from './services/categories.service';
import { RecordsService } from './services/records.service';
import { RequirementsService } from './services/requirements.service';
import { WaiversService } from './services/waivers.service';
import { ComplianceSnapshots } from './services/compliance-snapshot';
import { ComplianceService } from './services/compliance.service';
import { MyTrainingService } from './services/my-training.service';
import { ModuleSettingsService } from './services/module-settings.service';
import { ExpiryAlertsService } from './services/expiry-alerts.service';
import { TrainingQualificationProvider } from './services/qualification.provider';
import { CoursesController } from './controllers/courses.controller';
import { CategoriesController } from './controllers/categories.controller';
import { RecordsController } from './controllers/records.controller';
import { RequirementsController } from './controllers/requirements.controller';
import { WaiversController } from './controllers/waivers.controller';
import { ComplianceController } from './controllers/compliance.controller';
import { ModuleConfigController } from './controllers/module-config.controller';
import { TrainingSeeder } from './seed/training.seed';

/** Services are singletons; controllers are transient (tsoa keeps status and headers on the instance). */
export const trainingContainer = new ContainerModule(({ bind }) => {
  bind(TrainingContext).toSelf();
  bind(MemberDirectory).toSelf();
  bind(CoursesService).toSelf();
  bind(CategoriesService).toSelf();
  bind(RecordsService).toSelf();
  bind(RequirementsService).toSelf();
  bind(WaiversService).toSelf();
  bind(ComplianceSnapshots).toSelf();
  bind(ComplianceService).toSelf();
  bind(MyTrainingService).toSelf();
  bind(ModuleSettingsService).toSelf();
  bind(ExpiryAlertsService).toSelf();
  bind(TrainingQualificationProvider).toSelf();
  bind(CoursesController).toSelf().inTransientScope();
  bind(CategoriesController).toSelf().inTransientScope();
  bind(RecordsController).toSelf().inTransientScope();
  bind(RequirementsController).toSelf().inTransientScope();
  bind(WaiversController).toSelf().inTransientScope();
  bind(ComplianceController).toSelf().inTransientScope();
  bind(ModuleConfigController).toSelf().inTransientScope();
  // What training offers the scheduling module: whether a member's certifications qualify them for a seat.
  bind(CAPABILITIES.positionQualification).toService(TrainingQualificationProvider);
  // Training's part of `logbook seed` (demo and scale data).
  bind(TrainingSeeder).toSelf();
  bind(SEED_CONTRIBUTOR).toService(TrainingSeeder);
});
