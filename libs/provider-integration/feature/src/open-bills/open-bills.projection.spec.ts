import type { KnownEvent } from '@gridpay/contracts';
import { openBillsOf, openBillsProjection } from './open-bills.projection';

const code = 'PB05020054904';
const issued = (period: string, amountDue: number) =>
  ({
    type: 'BillIssued',
    data: {
      billId: `${code}-${period}`,
      customerCode: code,
      period,
      kwh: 100,
      amountDue,
      dueDate: `${period}-28`,
    },
  }) as unknown as KnownEvent;
const settled = (period: string, outstanding: number, status: string) =>
  ({
    type: 'BillSettled',
    data: { billId: `${code}-${period}`, customerCode: code, outstanding, status },
  }) as unknown as KnownEvent;

const project = (events: KnownEvent[]) =>
  events.reduce(openBillsProjection.evolve, openBillsProjection.initial(code));

describe('open-bills projection', () => {
  it('keys by customer code and lists open bills oldest first with what is still owed', () => {
    expect(openBillsProjection.keyOf(issued('2026-10', 1))).toBe(code);
    const doc = project([
      issued('2026-10', 300),
      issued('2026-09', 200),
      settled('2026-10', 50, 'partly-paid'),
    ]);
    expect(openBillsOf(doc).map((b) => [b.billId, b.outstanding])).toEqual([
      [`${code}-2026-09`, 200],
      [`${code}-2026-10`, 50],
    ]);
  });
  it('drops a paid bill, shows it again when a reversal reopens it, and ignores a re-issue', () => {
    const paid = project([issued('2026-09', 200), settled('2026-09', 0, 'paid'), issued('2026-09', 200)]);
    expect(openBillsOf(paid)).toEqual([]);
    expect(openBillsOf(openBillsProjection.evolve(paid, settled('2026-09', 200, 'reopened')))).toHaveLength(
      1,
    );
  });
  it('a bill fully covered by credit is never open', () => {
    expect(openBillsOf(project([issued('2026-09', 0)]))).toEqual([]);
  });
});
