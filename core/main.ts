import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging/logger';
import { Kernel } from './kernel/kernel';
import { startServer } from './kernel/server';
import cluster from 'node:cluster';
import { runClusterPrimary } from './kernel/cluster';
import { PasswordHasher } from './security/passwords/password-hasher';
import { reportHashingCost } from './security/passwords/hashing-cost-report';

/** Server entry point: `node dist/core/main.js` (npm start). */
async function main(): Promise<void> {
  let config;
  const warnings: string[] = [];
  try {
    config = loadConfig({
      onDevSecrets: ({ file, created }) => warnings.push(created
        ? `No secrets configured: generated development secrets in ${file}. Keep this file: it decrypts your data. Set real secrets before production.`
        : `No secrets configured: using development secrets from ${file}. Set SECRET_KEY, ENCRYPTION_KEY and ENCRYPTION_SALT before production.`),
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`config error: ${p}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    runClusterPrimary(config, logger);
    return;
  }
  for (const w of warnings) logger.warn(`!!! ${w}`);

  const kernel = new Kernel(config, logger);
  try {
    await kernel.boot();
  } catch (err) {
    logger.fatal({ reason: (err as Error).message }, 'startup failed');
    await kernel.close().catch(() => undefined);
    process.exit(1);
  }
  const running = await startServer(kernel);
  const stop = (signal: string) => {
    running.shutdown(signal).then(() => process.exit(0), () => process.exit(1));
  };
  // A repeated signal during shutdown must not kill the drain halfway; shutdown() is idempotent and bounded.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (process.send) process.send({ type: 'ready', port: running.port });
  reportHashingCost(kernel.container.get(PasswordHasher), config.environment, logger)
    .catch((err: Error) => logger.warn({ reason: err.message }, 'could not time password hashing'));
}

main().catch((err: Error) => {
  process.stderr.write(`fatal: ${err.message}\n`);
  process.exit(1);
});
