import { shareByDays, splitPeriod } from './period-split';

describe('splitting a reading period at price changes', () => {
  it('a period without a change inside is one segment', () => {
    expect(splitPeriod('2024-09-20', '2024-10-19', ['2019-03-20', '2025-05-10'])).toEqual([
      { from: '2024-09-20', to: '2024-10-19', days: 29, totalDays: 29 },
    ]);
  });

  it('a change on the opening or the closing read date is not a cut', () => {
    expect(splitPeriod('2024-10-11', '2024-11-10', ['2024-10-11'])).toHaveLength(1);
    expect(splitPeriod('2024-09-11', '2024-10-11', ['2024-10-11'])).toHaveLength(1);
  });

  it('two changes inside make three segments covering every day once', () => {
    const segments = splitPeriod('2023-04-20', '2023-11-20', ['2023-11-09', '2023-05-04', '2023-05-04']);
    expect(segments.map((s) => [s.from, s.to, s.days])).toEqual([
      ['2023-04-20', '2023-05-04', 14],
      ['2023-05-04', '2023-11-09', 189],
      ['2023-11-09', '2023-11-20', 11],
    ]);
    expect(segments.reduce((sum, s) => sum + s.days, 0)).toBe(214);
  });

  it('shares kWh by days, rounded half up, the last segment taking the remainder', () => {
    const segments = splitPeriod('2024-09-20', '2024-10-19', ['2024-10-11']);
    expect(shareByDays(420, segments)).toEqual([304, 116]); // 420 × 21 / 29 = 304.1
    expect(shareByDays(29, segments)).toEqual([21, 8]);
    expect(shareByDays(0, segments)).toEqual([0, 0]);
  });

  it('refuses a period that does not move forward, or a date that does not exist', () => {
    expect(() => splitPeriod('2024-10-19', '2024-10-19', [])).toThrow(/to must be after from/);
    expect(() => splitPeriod('2025-02-01', '2025-02-30', [])).toThrow(/to must be a date/);
  });
});
