import type { ModelCtor } from 'sequelize-typescript';
import { User } from './models/user.model';
import { Position } from './models/position.model';
import { UserPosition } from './models/user-position.model';
import { Session } from './models/session.model';
import { MfaRecoveryCode, PasswordHistory, PasswordResetToken } from './models/credential.models';

/** The identity tables besides `organizations` (which the kernel registers itself), in FK order. */
export const IDENTITY_MODELS: ModelCtor[] = [User, Position, UserPosition, Session, PasswordHistory, PasswordResetToken, MfaRecoveryCode];
