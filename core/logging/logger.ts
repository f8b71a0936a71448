import pino, { type Logger } from 'pino';
import type { Config } from '../config';

export type { Logger } from 'pino';

/**
 * Paths pino replaces before a line is written. Access logs are built from an allow-list
 * (see http/access-log.ts); this list is the second line of defence for anything logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'req.headers["x-session-id"]',
  'res.headers["set-cookie"]', 'headers.cookie', 'headers.authorization',
  '*.password', '*.new_password', '*.current_password', '*.token', '*.secret', '*.access_token', '*.refresh_token',
  'password', 'token', 'secret',
];

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat' | 'appName' | 'environment'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { app: config.appName, env: config.environment },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app,env' } } });
  }
  // Asynchronous writes: lines that arrive while a write is in flight go out together, instead of
  // one blocking write(2) per request. pino flushes the buffer synchronously when the process exits.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/** A logger for code paths that run before config is known (the CLI's own errors use stderr). */
export const silentLogger: Logger = pino({ level: 'silent' });
