import type { ModelCtor } from 'sequelize-typescript';
import { OnboardingStatus } from './models/onboarding-status.model';
import { OnboardingSession } from './models/onboarding-session.model';

export const ONBOARDING_MODELS: ModelCtor[] = [OnboardingStatus, OnboardingSession];
