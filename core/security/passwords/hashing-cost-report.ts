import type { Logger } from '../../logging/logger';
import { DEFAULT_TARGET_MS } from './argon2-calibration';
import type { PasswordHasher } from './password-hasher';

/**
 * One log line at startup saying what a password hash costs on this machine. Below the security
 * bar's 35 ms it names the command that tunes it: a department that never read docs/security.md
 * hears of `logbook passwords calibrate` here (a warning in production, information elsewhere,
 * where the floor on a fast laptop is expected). Making the line also makes the dummy hash.
 */
export async function reportHashingCost(hasher: PasswordHasher, environment: string, logger: Logger): Promise<void> {
  const ms = await hasher.prime();
  const fields = { ms: Math.round(ms), memoryKib: hasher.parameters.memoryCost, timeCost: hasher.parameters.timeCost, goalMs: DEFAULT_TARGET_MS };
  if (ms >= DEFAULT_TARGET_MS) {
    logger.info(fields, 'password hashing cost');
    return;
  }
  const message = `password hashing takes ${fields.ms} ms here, under the ${DEFAULT_TARGET_MS} ms goal: run logbook passwords calibrate (docs/security.md)`;
  if (environment === 'production') logger.warn(fields, message);
  else logger.info(fields, message);
}
