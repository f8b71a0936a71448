import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger } from '../logging/logger';
import { Kernel, type KernelOptions } from '../kernel/kernel';

/** An error the CLI reports as one line on stderr (no stack), with its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const stdio: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Loads config, turning a ConfigError into the same one-line-per-problem output the server gives. */
export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.problems.map((p) => `config error: ${p}`).join('\n'), 1);
    throw err;
  }
}

/**
 * Boots a kernel without HTTP or jobs (and without migrating unless asked), runs `work`, and closes
 * it whatever happens. Logs go to stderr at warn level so command output stays clean.
 */
export async function withKernel<T>(work: (kernel: Kernel) => Promise<T>, options: KernelOptions = {}): Promise<T> {
  const config = cliConfig();
  const logger = createLogger({ ...config, logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn', logFormat: 'json' }, process.stderr);
  const kernel = new Kernel(config, logger);
  try {
    await kernel.boot({ migrate: false, jobs: false, http: false, ...options });
    return await work(kernel);
  } finally {
    await kernel.close();
  }
}

/** What each command file exports: adds its commands to the program. */
export type RegisterCommands = (program: Command, io: CliIo) => void;
