import { cliConfig, type RegisterCommands } from '../cli-context';
import { wholeNumber } from '../arguments';
import { calibrateArgon2, DEFAULT_TARGET_MS, MAX_TIME_COST } from '../../security/passwords/argon2-calibration';
import { ARGON2_CEILING, ARGON2_FLOOR } from '../../security/passwords/argon2-bounds';

/** `logbook passwords calibrate`: how many argon2id passes this machine needs for the target time per hash. */
export const registerPasswordsCommands: RegisterCommands = (program, io) => {
  const passwords = program.command('passwords').description('password hashing');
  passwords
    .command('calibrate')
    .description(`time argon2id on this machine and print the PASSWORD_HASH_* settings that take at least the target per hash (run it while the server is quiet)`)
    .option('--target-ms <ms>', `time one hash should take at least (default ${DEFAULT_TARGET_MS})`, wholeNumber(1, 10_000))
    .option('--memory-kib <kib>', `memory per hash in KiB (default: PASSWORD_HASH_MEMORY_KIB, at least ${ARGON2_FLOOR.memoryCost})`, wholeNumber(ARGON2_FLOOR.memoryCost, ARGON2_CEILING.memoryCost))
    .action(async (opts: { targetMs?: number; memoryKib?: number }) => {
      const current = cliConfig().auth.passwordHash;
      const result = await calibrateArgon2({ targetMs: opts.targetMs, memoryCost: opts.memoryKib ?? current.memoryCost });
      io.out(`argon2id, m = ${result.memoryCost} KiB, p = 1, one verification at a time (median of 5):`);
      for (const s of result.steps) io.out(`  t = ${String(s.timeCost).padEnd(2)}  ${s.msPerHash.toFixed(1).padStart(7)} ms`);
      io.out(`configured now: PASSWORD_HASH_MEMORY_KIB=${current.memoryCost} PASSWORD_HASH_TIME_COST=${current.timeCost}`);
      if (!result.reachedTarget) {
        io.out(`no pass count up to ${MAX_TIME_COST} reaches ${result.targetMs} ms at this memory; run again with a larger --memory-kib`);
        return;
      }
      io.out(`for at least ${result.targetMs} ms per hash, set in the environment of every process:`);
      io.out(`PASSWORD_HASH_MEMORY_KIB=${result.memoryCost}`);
      io.out(`PASSWORD_HASH_TIME_COST=${result.timeCost}`);
      if (result.memoryCost === current.memoryCost && result.timeCost < current.timeCost) {
        io.out('that is below what is configured now: until they sign in again, members whose hashes were made at the higher cost answer a wrong password more slowly than unknown names do (keep the higher cost unless logins are too slow)');
      } else {
        io.out('existing hashes are upgraded at each member\'s next login');
      }
    });
};
