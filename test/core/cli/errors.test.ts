import { expect } from 'chai';
import type { Command } from 'commander';
import { buildProgram } from '../../../core/cli/main';
import { expectOneLineError, runCliPairwise, type CliResult } from './cli-helpers';

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('logbook CLI errors, exit codes and help', () => {
  let unknownCommand: CliResult;
  let unknownOption: CliResult;
  let badEnvironment: CliResult;
  let databaseDown: CliResult;
  let noSubcommand: CliResult;
  let help: CliResult;

  before(async function () {
    this.timeout(120_000);
    [unknownCommand, unknownOption, badEnvironment, databaseDown, noSubcommand, help] = await runCliPairwise([
      [['nope']],
      [['migrate', 'status', '--bogus']],
      [['migrate', 'status'], { PORT: 'abc', DB_POOL_MAX: 'many' }],
      // Port 1 refuses at once; no retries, so the failure is immediate.
      [['migrate', 'status'], { DB_PORT: '1', DB_CONNECT_RETRIES: '0' }],
      [['migrate']],
      [['migrate', 'up', '--help']],
    ]);
  });

  it('when the command is unknown, then exit 2 with one line and no stack trace', () => {
    expectOneLineError(unknownCommand, 2, /^error: unknown command 'nope'/);
  });

  it('when an option is unknown, then exit 2 with one line and no stack trace', () => {
    expectOneLineError(unknownOption, 2, /^error: unknown option '--bogus'/);
  });

  it('when a command group is called without a subcommand, then its help goes to stderr and the exit code is 2', () => {
    expect(noSubcommand.code).to.equal(2);
    expect(noSubcommand.stderr).to.match(/^Usage: logbook migrate/m);
    expect(noSubcommand.stdout).to.equal('');
  });

  it('when the environment is invalid, then exit 1 with one "config error: NAME: ..." line per problem and nothing else', () => {
    expect(badEnvironment.code).to.equal(1);
    const lines = badEnvironment.stderr.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines).to.include('config error: PORT: must be a number');
    expect(lines).to.include('config error: DB_POOL_MAX: must be a number');
    expect(badEnvironment.stdout).to.equal('');
  });

  it('when the database cannot be reached, then exit 1 with one line naming the database and the reason, without a stack trace', () => {
    expectOneLineError(databaseDown, 1, /^error: .*database.*ECONNREFUSED/i);
  });

  it('when asking for help on a command, then its usage and options print on stdout and the exit code is 0', () => {
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: logbook migrate up \[options\]/m);
    expect(help.stdout).to.contain('--to <name>').and.to.contain('--json');
    expect(help.stderr).to.equal('');
  });

  it('when the program is built, then every command and subcommand has a description and a help text', () => {
    const commands = allCommands(buildProgram());
    expect(commands.map((c) => c.name())).to.include.members(['migrate', 'up', 'down', 'status', 'history', 'create', 'modules', 'list', 'enable', 'disable', 'jobs', 'run']);
    for (const c of commands) {
      expect(c.description(), c.name()).to.not.equal('');
      expect(c.helpInformation(), c.name()).to.match(/^Usage: /);
    }
  });
});
