import { expect } from 'chai';
import { expectOneLineError, runCliPairwise } from './cli-helpers';

describe('logbook passwords calibrate (spawned CLI)', () => {
  it('when run, then it prints the time per pass count, the configured cost, and the settings that reach the target; a bad target is one line on stderr', async function () {
    this.timeout(60_000);
    const [ok, bad] = await runCliPairwise([
      [['passwords', 'calibrate', '--target-ms', '1'], { PASSWORD_HASH_TIME_COST: '3' }],
      [['passwords', 'calibrate', '--target-ms', '0'], {}],
    ]);
    expect(ok.code, ok.stderr).to.equal(0);
    const lines = ok.stdout.trim().split('\n');
    expect(lines[0]).to.equal('argon2id, m = 19456 KiB, p = 1, one verification at a time (median of 5):');
    expect(lines[1]).to.match(/^ {2}t = 2 +\d+\.\d ms$/);
    expect(lines).to.include('configured now: PASSWORD_HASH_MEMORY_KIB=19456 PASSWORD_HASH_TIME_COST=3');
    expect(lines.slice(-3, -1)).to.deep.equal(['PASSWORD_HASH_MEMORY_KIB=19456', 'PASSWORD_HASH_TIME_COST=2']);
    // Below what is configured (t = 3): said, since members on the dearer hashes answer more slowly until they sign in.
    expect(lines[lines.length - 1]).to.match(/^that is below what is configured now: /);
    expectOneLineError(bad, 2, /--target-ms.*expected a whole number from 1 to 10000/);
  });
});
