import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { CliError, stdio, type RegisterCommands } from './cli-context';
import { registerConfigCommands } from './commands/config.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerKeysCommands } from './commands/keys.command';
import { registerMigrateCommands } from './commands/migrate.command';
import { registerModulesCommands } from './commands/modules.command';
import { registerJobsCommands } from './commands/jobs.command';
import { registerOrgsCommands } from './commands/orgs.command';
import { registerBackupCommands } from './commands/backup.command';
import { registerSeedCommands } from './commands/seed.command';
import { registerPasswordsCommands } from './commands/passwords.command';
import { commanderExitCode, oneLineErrors } from './cli-errors';

/** Every command group; each file adds its own subcommands. */
const COMMANDS: RegisterCommands[] = [registerConfigCommands, registerMigrateCommands, registerModulesCommands, registerJobsCommands, registerKeysCommands, registerAuditCommands, registerOrgsCommands, registerBackupCommands, registerSeedCommands, registerPasswordsCommands];

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('logbook')
    .description('Administration CLI of The Logbook')
    .configureOutput(oneLineErrors)
    .exitOverride();
  for (const register of COMMANDS) register(program, stdio);
  return program;
}

/** Runs the CLI; errors become one line on stderr and a non-zero exit code, never a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    if (err instanceof CliError) { stdio.err(err.message); return err.exitCode; }
    stdio.err(`error: ${(err as Error).message ?? String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  // `logbook ... | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); });
  runCli(process.argv.slice(2)).then((code) => process.exit(code), () => process.exit(1));
}
