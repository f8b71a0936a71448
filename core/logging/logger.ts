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
    timestamp: isoTimePerMillisecond(),
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app,env' } } });
  }
  return pino(options, stdoutInWorker());
}

/**
 * stdout written by pino's transport worker thread: the request thread only serializes the line
 * into a shared buffer, and the write(2) calls happen on the worker, batched. Writing from the
 * request thread (even asynchronously, through libuv's pool) cost about a fifth of a small
 * request's CPU (bench/README.md, kernel). pino flushes the worker synchronously at exit.
 */
function stdoutInWorker(): pino.DestinationStream {
  return pino.transport({ target: 'pino/file', options: { destination: 1 } }) as pino.DestinationStream;
}

/**
 * pino's `"time":"<ISO 8601>"`, formatted once per millisecond: a busy server writes several lines
 * within the same one, and formatting the date was a measurable part of each access line.
 */
export function isoTimePerMillisecond(now: () => number = Date.now): () => string {
  let last = Number.NaN;
  let text = '';
  return () => {
    const ms = now();
    if (ms !== last) {
      last = ms;
      text = `,"time":"${new Date(ms).toISOString()}"`;
    }
    return text;
  };
}

/** A logger for code paths that run before config is known (the CLI's own errors use stderr). */
export const silentLogger: Logger = pino({ level: 'silent' });
