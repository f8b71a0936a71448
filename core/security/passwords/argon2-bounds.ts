/**
 * The range of argon2id cost the configuration accepts, in one place for the config schema, the
 * hasher and the calibration. The floor is OWASP's second recommended setting (m = 19 MiB, t = 2,
 * p = 1; ASVS 5.0 appendix C) and the default; the ceiling keeps a typo from making every sign-in
 * take seconds (beyond 20 passes, memory is the better knob).
 */
export const ARGON2_FLOOR = { memoryCost: 19_456, timeCost: 2 } as const;
export const ARGON2_CEILING = { memoryCost: 1_048_576, timeCost: 20 } as const;
