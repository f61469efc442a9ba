// Appends this Jest run's counts to $GRIDPAY_TEST_SUMMARY (one JSON line per run) so ./gridpay test
// can print one closing line for the unit and integration runs together.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.projects = globalConfig.selectProjects ?? [];
  }

  onRunComplete(_contexts, results) {
    const file = process.env.GRIDPAY_TEST_SUMMARY;
    if (!file) return;
    const line = {
      projects: this.projects,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = SummaryReporter;
