import { InvalidArgumentError, type CommanderError, type OutputConfiguration } from 'commander';
import { CliError } from './cli-context';
import { oneLine } from './format';
import { describeDbError, isDatabaseUnavailable } from '../database/database';

/**
 * How failures become exit codes and output. Scripts that drive the CLI (installers, cron, CI)
 * need to tell "you called it wrong" (2) from "it tried and failed" (1).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Commander's errors are all about the command line itself; help and version are not errors. */
export function commanderExitCode(err: CommanderError): number {
  if (err.exitCode === 0) return EXIT.ok;
  return EXIT.usage;
}

/** Commander writes parse errors (and its "Did you mean" hint) on several lines; we want one. */
export const oneLineErrors: OutputConfiguration = {
  outputError: (message, write) => write(`${message.replace(/\s*\n\s*/g, ' ').trim()} (see --help)\n`),
};

/** A usage error raised while parsing an argument value (exit 2 through commander). */
export function usageError(message: string): InvalidArgumentError {
  return new InvalidArgumentError(message);
}

/**
 * Whatever a command throws, as a CliError: one line, no stack, no SQL text. Database outages get
 * a stable wording so an operator sees at once that the problem is reachability, not the command.
 */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (isDatabaseUnavailable(err)) return new CliError(`error: database unavailable (${describeDbError(err)})`, EXIT.failure);
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(`error: ${oneLine(message) || 'unknown failure'}`, EXIT.failure);
}

/** Wraps a command action so every failure leaves as a one-line CliError. */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      throw toCliError(err);
    }
  };
}
