import type { Container } from 'inversify';
import { OnboardingSessionService } from './onboarding-session.service';
import { OnboardingService } from './onboarding.service';
import { OnboardingStepsService } from './onboarding-steps.service';
import { OnboardingController } from './onboarding.controller';
import { OnboardingEmailTestService } from './email-test/email-test.service';

export function bindOnboarding(container: Container): void {
  container.bind(OnboardingSessionService).toSelf();
  container.bind(OnboardingService).toSelf();
  container.bind(OnboardingStepsService).toSelf();
  container.bind(OnboardingEmailTestService).toSelf();
  container.bind(OnboardingController).toSelf().inTransientScope();
}
