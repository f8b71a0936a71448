import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../core/logging/logger';

/** A real pino logger whose output the test can read back. */
export function captureLogger(level: 'info' | 'debug' | 'trace' = 'info'): { logger: Logger; text: () => string; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk.toString()); cb(); } });
  const logger = createLogger({ logLevel: level, logFormat: 'json', appName: 'test', environment: 'test' }, stream);
  return {
    logger,
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
