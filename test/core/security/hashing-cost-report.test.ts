import { expect } from 'chai';
import { PasswordHasher } from '../../../core/security/passwords/password-hasher';
import { reportHashingCost } from '../../../core/security/passwords/hashing-cost-report';
import { captureLogger } from '../../support/log-capture';

const HINT = /^password hashing takes \d+ ms here, under the 35 ms goal: run logbook passwords calibrate/;

describe('security: the startup line on password hashing cost', () => {
  it('when a hash costs less than 35 ms, then the line names the calibrate command: a warning in production, information elsewhere', async function () {
    this.timeout(30_000);
    // The floor: ~21 ms on these machines. On a machine where even the floor takes 35 ms, the other branch is checked below.
    const hasher = new PasswordHasher();
    for (const [environment, level] of [['production', 'warn'], ['development', 'info']] as const) {
      const log = captureLogger();
      await reportHashingCost(hasher, environment, log.logger);
      const [line] = log.lines();
      if (Number(line.ms) >= 35) { expect(line.msg).to.equal('password hashing cost'); continue; }
      expect(line).to.include({ level, memoryKib: 19456, timeCost: 2, goalMs: 35 });
      expect(String(line.msg)).to.match(HINT);
    }
  });

  it('when a hash costs at least 35 ms, then the line is information without advice, and the dummy hash is made once', async function () {
    this.timeout(30_000);
    const hasher = new PasswordHasher({ cost: { memoryCost: 19456, timeCost: 10 } });
    const log = captureLogger();
    await reportHashingCost(hasher, 'production', log.logger);
    const [line] = log.lines();
    expect(line).to.include({ level: 'info', msg: 'password hashing cost', timeCost: 10 });
    expect(Number(line.ms)).to.be.at.least(35);
    // The dummy hash was made by that line: asking again makes no second one (a t = 10 hash takes ~100 ms).
    const started = performance.now();
    const again = await hasher.prime();
    expect(performance.now() - started).to.be.below(10);
    expect(Math.round(again)).to.equal(line.ms);
  });
});
