'use strict';
/**
 * Mocha's spec output, then the plain closing line CI reads: `N passed, N failed[, N skipped]`.
 * The counts are also written to TEST_SUMMARY_FILE (if set) so .ci/run can repeat the line last,
 * after coverage output.
 */
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const line = `${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`;
      process.stdout.write(`\n${line}\n`);
      if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ passes, failures, pending, line }));
    });
  }
}

module.exports = SummaryReporter;
