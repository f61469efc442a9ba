import type { ReportData } from '@gridpay/reporting/domain';
import { ReportDataReader } from './report-data.reader';

/** A reader whose database read is a promise the test resolves by hand. */
function readerWith(cacheMs: number, staleMs: number) {
  const reads: Array<(data: ReportData) => void> = [];
  const reader = new ReportDataReader(
    null as never,
    null as never,
    null as never,
    null as never,
    cacheMs,
    staleMs,
  );
  Object.assign(reader, {
    load: () => new Promise<ReportData>((resolve) => reads.push(resolve)),
  });
  return { reader, reads };
}
const snapshot = (n: number) =>
  ({ ledgers: [], reconciliation: [], targets: { branch: String(n) } }) as never;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReportDataReader', () => {
  afterEach(() => jest.useRealTimers());

  it('shares one read between concurrent requests', async () => {
    const { reader, reads } = readerWith(1000, 0);
    const both = Promise.all([reader.read(), reader.read()]);
    expect(reads).toHaveLength(1);
    reads[0](snapshot(1));
    expect(await both).toEqual([snapshot(1), snapshot(1)]);
  });

  it('serves the stale snapshot while the next read runs, then the new one', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { reader, reads } = readerWith(1000, 60_000);
    const first = reader.read();
    reads[0](snapshot(1));
    await first;
    jest.advanceTimersByTime(5000);
    expect(await reader.read()).toEqual(snapshot(1));
    expect(reads).toHaveLength(2);
    expect(await reader.read()).toEqual(snapshot(1));
    expect(reads).toHaveLength(2);
    reads[1](snapshot(2));
    await settle();
    expect(await reader.read()).toEqual(snapshot(2));
  });

  it('waits for the new read when the snapshot is older than staleMs, or after invalidate', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { reader, reads } = readerWith(1000, 2000);
    const first = reader.read();
    reads[0](snapshot(1));
    await first;
    jest.advanceTimersByTime(3000);
    const second = reader.read();
    reads[1](snapshot(2));
    expect(await second).toEqual(snapshot(2));
    reader.invalidate();
    const third = reader.read();
    expect(reads).toHaveLength(3);
    reads[2](snapshot(3));
    expect(await third).toEqual(snapshot(3));
  });
});
