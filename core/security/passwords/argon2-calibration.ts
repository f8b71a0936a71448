import crypto from 'node:crypto';
import argon2 from 'argon2';
import { argon2Parameters } from './password-hasher';
import { ARGON2_CEILING, ARGON2_FLOOR } from './argon2-bounds';

/** The security bar's goal for one hash on the production machine (bench/README.md, docs/security.md). */
export const DEFAULT_TARGET_MS = 35;
/** Passes tried at most: the most the configuration accepts. */
export const MAX_TIME_COST = ARGON2_CEILING.timeCost;

export interface CalibrationStep {
  timeCost: number;
  /** Median wall time of one verification, one at a time. */
  msPerHash: number;
}

export interface Calibration {
  memoryCost: number;
  targetMs: number;
  steps: CalibrationStep[];
  /** The fewest passes whose hash takes at least targetMs (the last one tried when none does). */
  timeCost: number;
  reachedTarget: boolean;
}

export interface CalibrationOptions {
  targetMs?: number;
  memoryCost?: number;
  /** Verifications timed per step (after one untimed). */
  samples?: number;
}

async function medianVerifyMs(memoryCost: number, timeCost: number, samples: number): Promise<number> {
  const password = crypto.randomBytes(18).toString('base64url');
  const hash = await argon2.hash(password, argon2Parameters({ memoryCost, timeCost }));
  await argon2.verify(hash, password);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await argon2.verify(hash, password);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Times argon2id verifications on this machine at the given memory cost for t = 2, 3, ... and stops
 * at the first that takes at least `targetMs`. Run it on the production server while it is quiet:
 * a busy machine measures slow and picks too few passes.
 */
export async function calibrateArgon2(options: CalibrationOptions = {}): Promise<Calibration> {
  const targetMs = options.targetMs ?? DEFAULT_TARGET_MS;
  const memoryCost = options.memoryCost ?? ARGON2_FLOOR.memoryCost;
  const samples = options.samples ?? 5;
  if (!(targetMs > 0) || !Number.isInteger(samples) || samples < 1) throw new Error('targetMs must be above 0 and samples a whole number of at least 1');
  const steps: CalibrationStep[] = [];
  for (let timeCost = ARGON2_FLOOR.timeCost; timeCost <= MAX_TIME_COST; timeCost++) {
    const msPerHash = await medianVerifyMs(memoryCost, timeCost, samples);
    steps.push({ timeCost, msPerHash });
    if (msPerHash >= targetMs) return { memoryCost, targetMs, steps, timeCost, reachedTarget: true };
  }
  return { memoryCost, targetMs, steps, timeCost: MAX_TIME_COST, reachedTarget: false };
}
