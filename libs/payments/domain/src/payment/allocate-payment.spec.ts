import { allocatePayment } from './allocate-payment';
import { businessDay } from './business-day';

const open = [
  { billId: 'PB05020054904-2026-09', period: '2026-09', amountDue: 200_000 },
  { billId: 'PB05020054904-2026-10', period: '2026-10', amountDue: 346_356 },
];

describe('allocating a payment', () => {
  it('without bill ids, pays the oldest open bills first', () => {
    expect(allocatePayment(300_000, open)).toEqual({
      appliedTo: [
        { billId: 'PB05020054904-2026-09', amount: 200_000 },
        { billId: 'PB05020054904-2026-10', amount: 100_000 },
      ],
      credit: 0,
    });
  });
  it('orders by period even when the projection hands the bills over in another order', () => {
    expect(allocatePayment(200_000, [...open].reverse()).appliedTo).toEqual([
      { billId: 'PB05020054904-2026-09', amount: 200_000 },
    ]);
  });
  it('with bill ids, pays the named bills in the order named and nothing else', () => {
    expect(allocatePayment(400_000, open, ['PB05020054904-2026-10'])).toEqual({
      appliedTo: [{ billId: 'PB05020054904-2026-10', amount: 346_356 }],
      credit: 53_644,
    });
    expect(
      allocatePayment(400_000, open, ['PB05020054904-2026-10', 'PB05020054904-2026-09']).appliedTo,
    ).toEqual([
      { billId: 'PB05020054904-2026-10', amount: 346_356 },
      { billId: 'PB05020054904-2026-09', amount: 53_644 },
    ]);
  });
  it('a named bill already paid (no longer open) takes nothing: its part becomes credit', () => {
    expect(allocatePayment(346_356, open, ['PB05020054904-2026-08'])).toEqual({
      appliedTo: [],
      credit: 346_356,
    });
  });
  it('a bill named twice is paid once', () => {
    expect(allocatePayment(500_000, open, ['PB05020054904-2026-09', 'PB05020054904-2026-09'])).toEqual({
      appliedTo: [{ billId: 'PB05020054904-2026-09', amount: 200_000 }],
      credit: 300_000,
    });
  });
  it('with no open bill, everything is credit', () => {
    expect(allocatePayment(50_000, [])).toEqual({ appliedTo: [], credit: 50_000 });
  });
  it('more than all open bills leaves the excess as credit', () => {
    expect(allocatePayment(600_000, open).credit).toBe(53_644);
  });
  it('refuses an amount that is not whole dong above 0', () => {
    for (const amount of [0, -1, 10.5, Number.NaN])
      expect(() => allocatePayment(amount, open)).toThrow(/whole number/);
  });
});

describe('business day', () => {
  it('is the date in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(businessDay('2026-11-05T16:59:59Z')).toBe('2026-11-05');
    expect(businessDay('2026-11-05T17:00:00Z')).toBe('2026-11-06');
    expect(businessDay('2026-11-06T00:30:00+07:00')).toBe('2026-11-06');
    expect(businessDay('2026-11-05T23:59:59.999+07:00')).toBe('2026-11-05');
  });
  it('refuses an instant without an offset or that is not a date', () => {
    expect(() => businessDay('2026-11-05T08:00:00')).toThrow(/with an offset/);
    expect(() => businessDay('yesterday')).toThrow(/with an offset/);
    expect(() => businessDay('2026-13-45T08:00:00Z')).toThrow(/with an offset/);
  });
});
