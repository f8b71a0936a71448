import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { expect } from 'chai';
import { ConfigError, EXAMPLE_SECRET_VALUES, loadConfig, maskConfig } from '../../../core/config';
import { runCli } from '../../support/processes';

const STRONG = {
  SECRET_KEY: 'k'.repeat(20) + 'secret-strong-abcdefgh',
  ENCRYPTION_KEY: 'e'.repeat(20) + 'encrypt-strong-abcdefg',
  ENCRYPTION_SALT: 's'.repeat(20) + 'salt-strong-abcdefghij',
  AUDIT_LOG_SIGNING_KEY: 'a'.repeat(20) + 'audit-strong-abcdefghi',
  AUDIT_CHECKPOINT_PRIVATE_KEY: 'MC4CAQAwBQYDK2VwBCIEIExample0000000000000000000000000000',
};

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-config-'));
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig({ env });
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('when nothing is set, then the embedded default is chosen with the documented defaults', () => {
    const dataDir = tmpDir();
    const config = loadConfig({ env: { DATA_DIR: dataDir } });
    expect(config.port).to.equal(3001);
    expect(config.environment).to.equal('development');
    expect(config.database.dialect).to.equal('sqlite');
    expect(config.database.sqlitePath).to.equal(path.join(dataDir, 'logbook.sqlite'));
    expect(config.redis.host).to.equal(null);
    expect(config.enableDocs).to.equal(true);
    expect(config.maxRequestBodyBytes).to.equal(1024 * 1024);
    expect(config.migrateOnStart).to.equal(true);
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.database)).to.equal(true);
  });

  it('when DB_HOST and REDIS_HOST are set, then MySQL and Redis are used with the given settings', () => {
    const config = loadConfig({ env: { DATA_DIR: tmpDir(), DB_HOST: 'db.internal', DB_PORT: '3307', DB_POOL_MAX: '20', REDIS_HOST: 'cache', REDIS_DB: '2', MAX_REQUEST_BODY_SIZE: '512kb', MODULES: 'training, scheduling' } });
    expect(config.database).to.include({ dialect: 'mysql', host: 'db.internal', port: 3307, poolMax: 20 });
    expect(config.redis).to.include({ host: 'cache', db: 2 });
    expect(config.maxRequestBodyBytes).to.equal(512 * 1024);
    expect(config.modules).to.deep.equal(['training', 'scheduling']);
  });

  it('when values are malformed, then every problem is reported on its own line naming the variable', () => {
    const lines = problems({ DATA_DIR: tmpDir(), PORT: 'abc', LOG_LEVEL: 'loud', DB_POOL_MAX: '0', MAX_REQUEST_BODY_SIZE: 'huge', ALLOWED_ORIGINS: 'http://ok.example,not a url' });
    expect(lines.some((l) => l.startsWith('PORT:') && l.includes('number'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('LOG_LEVEL:'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('DB_POOL_MAX:'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('MAX_REQUEST_BODY_SIZE:'))).to.equal(true);
    expect(lines.length).to.be.at.least(4);
    const origins = problems({ DATA_DIR: tmpDir(), ALLOWED_ORIGINS: 'http://ok.example,not a url' });
    expect(origins).to.deep.equal(['ALLOWED_ORIGINS: "not a url" is not an origin like https://intranet.example.org (no path, no trailing slash)']);
  });

  it('when the argon2id cost is set, then it is used; below OWASP\'s floor (m = 19456 KiB, t = 2) it is refused', () => {
    expect(loadConfig({ env: { DATA_DIR: tmpDir() } }).auth.passwordHash).to.deep.equal({ memoryCost: 19456, timeCost: 2 });
    expect(loadConfig({ env: { DATA_DIR: tmpDir(), PASSWORD_HASH_TIME_COST: '4', PASSWORD_HASH_MEMORY_KIB: '32768' } }).auth.passwordHash).to.deep.equal({ memoryCost: 32768, timeCost: 4 });
    const lines = problems({ DATA_DIR: tmpDir(), PASSWORD_HASH_TIME_COST: '1', PASSWORD_HASH_MEMORY_KIB: '8192' });
    expect(lines.some((l) => l.startsWith('PASSWORD_HASH_TIME_COST:'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('PASSWORD_HASH_MEMORY_KIB:'))).to.equal(true);
  });

  it('when WEB_CONCURRENCY asks for several workers, then DB_HOST and REDIS_HOST are required (workers share state only there)', () => {
    expect(problems({ DATA_DIR: tmpDir(), WEB_CONCURRENCY: '2' })).to.deep.equal(['WEB_CONCURRENCY: more than 1 worker needs DB_HOST and REDIS_HOST (workers share state only through MySQL/MariaDB and Redis)']);
    expect(problems({ DATA_DIR: tmpDir(), WEB_CONCURRENCY: '2', DB_HOST: 'db' })).to.have.length(1);
    expect(loadConfig({ env: { DATA_DIR: tmpDir(), WEB_CONCURRENCY: '4', DB_HOST: 'db', REDIS_HOST: 'cache' } }).webConcurrency).to.equal(4);
    expect(loadConfig({ env: { DATA_DIR: tmpDir() } }).webConcurrency).to.equal(1);
    expect(problems({ DATA_DIR: tmpDir(), WEB_CONCURRENCY: '0' })[0]).to.match(/^WEB_CONCURRENCY:/);
  });

  describe('in production', () => {
    const base = { ENVIRONMENT: 'production', DB_HOST: 'db', DB_PASSWORD: 'pw-123', ALLOWED_ORIGINS: 'https://intranet.example.org', ...STRONG };

    it('when the secrets are strong, then it starts with docs off and JSON logs', () => {
      const config = loadConfig({ env: { ...base, DATA_DIR: tmpDir() } });
      expect(config.isProduction).to.equal(true);
      expect(config.enableDocs).to.equal(false);
      expect(config.logFormat).to.equal('json');
      expect(config.secrets.source).to.equal('environment');
    });

    for (const name of ['SECRET_KEY', 'ENCRYPTION_KEY', 'ENCRYPTION_SALT'] as const) {
      it(`when ${name} is missing, short or the .env.example value, then it refuses to start`, () => {
        expect(problems({ ...base, [name]: '' })).to.include(`${name}: required in production`);
        expect(problems({ ...base, [name]: 'short-but-not-empty' })).to.include(`${name}: must be at least 32 characters in production`);
        expect(problems({ ...base, [name]: EXAMPLE_SECRET_VALUES[name] }).some((p) => p.startsWith(`${name}: still the .env.example placeholder`))).to.equal(true);
      });
    }

    it('when DB_PASSWORD is empty or ALLOWED_ORIGINS holds *, then it refuses to start', () => {
      expect(problems({ ...base, DB_PASSWORD: '' })).to.include('DB_PASSWORD: must not be empty in production');
      expect(problems({ ...base, ALLOWED_ORIGINS: 'https://a.example,*' }).some((p) => p.startsWith('ALLOWED_ORIGINS: must not contain "*"'))).to.equal(true);
    });

    it('when several things are wrong, then all of them are listed at once', () => {
      const lines = problems({ ENVIRONMENT: 'production', DB_HOST: 'db', ALLOWED_ORIGINS: '*' });
      expect(lines.length).to.be.at.least(5);
    });
  });

  describe('development secrets', () => {
    it('when no secrets are set, then they are generated once into dev-secrets.json (0600) and reused on restart', () => {
      const dataDir = tmpDir();
      const seen: Array<{ created: boolean }> = [];
      const first = loadConfig({ env: { DATA_DIR: dataDir }, onDevSecrets: (i) => seen.push(i) });
      const file = path.join(dataDir, 'dev-secrets.json');
      expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
      const second = loadConfig({ env: { DATA_DIR: dataDir }, onDevSecrets: (i) => seen.push(i) });
      expect(seen.map((s) => s.created)).to.deep.equal([true, false]);
      expect(second.secrets.encryptionKey).to.equal(first.secrets.encryptionKey);
      expect(second.secrets.secretKey).to.equal(first.secrets.secretKey);
      expect(first.secrets.secretKey.length).to.be.at.least(32);
      expect(first.secrets.source).to.equal('generated');
      expect(first.secrets.auditCheckpointPrivateKey).to.be.a('string');
    });

    it('when secrets are set in the environment, then no file is written', () => {
      const dataDir = tmpDir();
      const config = loadConfig({ env: { DATA_DIR: dataDir, ...STRONG } });
      expect(config.secrets.source).to.equal('environment');
      expect(fs.existsSync(path.join(dataDir, 'dev-secrets.json'))).to.equal(false);
    });
  });

  it('when the config is masked, then no secret value survives', () => {
    const config = loadConfig({ env: { DATA_DIR: tmpDir(), DB_HOST: 'db', DB_PASSWORD: 'db-password-sentinel', ...STRONG, ENCRYPTION_KEYS_LEGACY: 'legacy-key-sentinel-0000000000000000' } });
    const text = JSON.stringify(maskConfig(config));
    for (const secret of [...Object.values(STRONG), 'db-password-sentinel', 'legacy-key-sentinel-0000000000000000']) expect(text).to.not.include(secret);
    expect(text).to.include('db');
  });

  it('when .env.example is read, then it lists every variable of the schema and the placeholders production refuses', () => {
    const example = fs.readFileSync(path.join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    const schemaSource = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'core', 'config', 'config.schema.ts'), 'utf8');
    const variables = [...schemaSource.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(variables.length).to.be.at.least(30);
    for (const v of variables) expect(example, v).to.match(new RegExp(`^${v}=`, 'm'));
    for (const [name, value] of Object.entries(EXAMPLE_SECRET_VALUES)) expect(example).to.include(`${name}=${value}`);
  });

  it('when .env.example is used as it is in development, then it loads (empty values mean defaults)', () => {
    const example = dotenv.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '.env.example')));
    const config = loadConfig({ env: { ...example, DATA_DIR: tmpDir() } });
    expect(config.enableDocs).to.equal(true);
    expect(config.logFormat).to.equal('pretty');
    expect(config.database.dialect).to.equal('sqlite');
    expect(config.redis.password).to.equal(null);
    expect(() => loadConfig({ env: { ...example, DATA_DIR: tmpDir(), ENVIRONMENT: 'production', DB_HOST: 'db', DB_PASSWORD: 'x' } })).to.throw(ConfigError);
  });

  it('when the server starts with a bad environment, then it exits 1 with one line per problem and no stack trace', async () => {
    const { code, stderr } = await runCli(['config', 'check'], { PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(code).to.equal(1);
    expect(stderr).to.match(/^config error: PORT: /m);
    expect(stderr).to.match(/^config error: LOG_LEVEL: /m);
    expect(stderr).to.not.match(/\bat .+\(.+:\d+:\d+\)/);
  });
});
