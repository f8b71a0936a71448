import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Secrets generated once for a development installation that set none. */
export interface DevSecrets {
  SECRET_KEY: string;
  ENCRYPTION_KEY: string;
  ENCRYPTION_SALT: string;
  AUDIT_LOG_SIGNING_KEY: string;
  AUDIT_CHECKPOINT_PRIVATE_KEY: string;
}

const FILE_NAME = 'dev-secrets.json';

function generate(): DevSecrets {
  const random = (): string => crypto.randomBytes(32).toString('base64url');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    SECRET_KEY: random(),
    ENCRYPTION_KEY: random(),
    ENCRYPTION_SALT: random(),
    AUDIT_LOG_SIGNING_KEY: random(),
    AUDIT_CHECKPOINT_PRIVATE_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/**
 * Reads `<dataDir>/dev-secrets.json`, creating it (mode 0600) on first use. Keeping the file is what
 * makes a restart keep sessions and encrypted data readable. `wx` makes two processes starting at
 * once agree on one set: the loser reads the winner's file.
 */
export function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; created: boolean; file: string } {
  const file = path.resolve(dataDir, FILE_NAME);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const secrets = generate();
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    return { secrets, created: true, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  const fresh = generate();
  // A file from an older version may lack a newer key: fill it in and keep the rest.
  const merged: DevSecrets = { ...fresh, ...stored } as DevSecrets;
  if (Object.keys(fresh).some((k) => !(k in stored))) {
    fs.writeFileSync(file, JSON.stringify(merged, null, 2) + '\n', { mode: 0o600 });
  }
  return { secrets: merged, created: false, file };
}
