import { nextPeriod, periodAt, periodIndex, periodsBetween, previousPeriod, shiftPeriod } from './periods';

describe('billing period arithmetic', () => {
  it('nextPeriod and previousPeriod cross the year', () => {
    expect(nextPeriod('2026-10')).toBe('2026-11');
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-03')).toBe('2026-02');
  });

  it('shiftPeriod moves by any number of months, either way', () => {
    expect(shiftPeriod('2026-10', 0)).toBe('2026-10');
    expect(shiftPeriod('2026-10', 15)).toBe('2028-01');
    expect(shiftPeriod('2026-10', -23)).toBe('2024-11');
  });

  it('reads a date as its month', () => {
    expect(previousPeriod('2026-03-31')).toBe('2026-02');
    expect(periodIndex('2026-10-15')).toBe(periodIndex('2026-10'));
  });

  it('periodIndex and periodAt are each other’s inverse, consecutive months consecutive', () => {
    expect(periodAt(periodIndex('2026-10'))).toBe('2026-10');
    expect(periodIndex('2027-01') - periodIndex('2026-12')).toBe(1);
    expect(periodAt(2026 * 12)).toBe('2026-01');
  });

  it('periodsBetween lists both ends, oldest first; none when the last is earlier', () => {
    expect(periodsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsBetween('2026-10', '2026-10')).toEqual(['2026-10']);
    expect(periodsBetween('2026-10', '2026-09')).toEqual([]);
  });
});
