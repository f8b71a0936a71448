import { expect } from 'chai';
import { isoTimePerMillisecond } from '../../../core/logging/logger';

describe('log timestamps (ISO 8601, formatted once per millisecond)', () => {
  it('when the clock moves, then the time follows it; within one millisecond the same text is reused', () => {
    let clock = Date.UTC(2026, 10, 27, 20, 0, 0, 123);
    const time = isoTimePerMillisecond(() => clock);
    expect(time()).to.equal(',"time":"2026-11-27T20:00:00.123Z"');
    expect(time()).to.equal(',"time":"2026-11-27T20:00:00.123Z"');
    clock += 1;
    expect(time()).to.equal(',"time":"2026-11-27T20:00:00.124Z"');
    clock -= 5_000; // a clock set back is followed too
    expect(time()).to.equal(',"time":"2026-11-27T19:59:55.124Z"');
  });
});
