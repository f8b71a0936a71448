/**
 * The placeholder secrets written in `.env.example`. Production refuses to start with any of them,
 * since an installation that copied the example file unchanged shares its keys with every reader of
 * this repository. A test keeps this list and `.env.example` in step.
 */
export const EXAMPLE_SECRET_VALUES: Readonly<Record<string, string>> = Object.freeze({
  SECRET_KEY: 'change-me-secret-key-at-least-32-random-characters',
  ENCRYPTION_KEY: 'change-me-encryption-key-at-least-32-random-chars',
  ENCRYPTION_SALT: 'change-me-encryption-salt-at-least-32-random-chars',
  AUDIT_LOG_SIGNING_KEY: 'change-me-audit-signing-key-at-least-32-characters',
});

export const MIN_SECRET_LENGTH = 32;
