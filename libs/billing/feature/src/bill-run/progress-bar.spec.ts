import type { BillRunProgress } from './bill-run.store';
import { renderProgress } from './progress-bar';

const progress = (over: Partial<BillRunProgress>): BillRunProgress => ({
  period: '2026-10',
  runId: 'run-1',
  status: 'running',
  total: 32_000,
  processed: 8_000,
  billed: 8_000,
  alreadyBilled: 0,
  failed: 0,
  failures: [],
  startedAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:04Z',
  ratePerSecond: 2_000,
  etaSeconds: 12,
  ...over,
});

describe('bill run progress line', () => {
  it('shows the bar, count, percent, rate and ETA while running', () => {
    expect(renderProgress(progress({}), 20)).toBe(
      '[#####---------------] 8,000/32,000 25% 2,000/s ETA 00:12',
    );
  });
  it('shows the outcome when done', () => {
    expect(
      renderProgress(
        progress({ status: 'completed', processed: 32_000, billed: 31_000, alreadyBilled: 1_000 }),
        10,
      ),
    ).toBe('[##########] 32,000/32,000 100% completed: 31,000 billed, 1,000 already billed, 0 failed');
  });
  it('an empty period is complete at once', () => {
    expect(renderProgress(progress({ total: 0, processed: 0, etaSeconds: undefined }), 4)).toBe(
      '[####] 0/0 100% 2,000/s ETA --:--',
    );
  });
});
