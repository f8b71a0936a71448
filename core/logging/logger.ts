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
  return pino(options, bufferedStdout());
}

// A write(2) per request costs more than building the line; lines are gathered up to 4 KiB and
// written together. The timer bounds how long a line waits on a quiet server, so `tail -f` stays live.
const FLUSH_EVERY_MS = 1000;
const BUFFER_BYTES = 4096;

/** stdout, asynchronous and buffered; pino flushes it synchronously when the process exits. */
function bufferedStdout(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES });
  setInterval(() => {
    // flush() throws while the stream is still opening or already closed; the next tick retries.
    try { destination.flush(); } catch { /* nothing to flush yet */ }
  }, FLUSH_EVERY_MS).unref();
  return destination;
}

/** A logger for code paths that run before config is known (the CLI's own errors use stderr). */
export const silentLogger: Logger = pino({ level: 'silent' });
