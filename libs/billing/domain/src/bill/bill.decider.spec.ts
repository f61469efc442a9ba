import { fold } from '@gridpay/shared/ddd';
import { billDecider, billIdFor, parseBillId, type BillCommand, type BillEvent } from './bill.decider';

const billId = billIdFor('PB05020054904', '2026-10');
const issue: BillCommand = {
  type: 'IssueBill',
  billId,
  customerCode: 'PB05020054904',
  period: '2026-10',
  kwh: 150,
  lines: [{ label: 'Bậc 1', kwh: 150, unitPrice: 2138, amount: 320_700 }],
  subtotal: 320_700,
  vatRate: 8,
  vat: 25_656,
  total: 346_356,
  tariffs: ['1279/QĐ-BCT'],
  reading: { previousReadDate: '2026-09-20', readDate: '2026-10-20', oldIndex: 1200, newIndex: 1350 },
  recipient: { name: 'Nguyễn Văn A', commune: 'Hương An', contact: { phone: '+84905123456' } },
  creditApplied: 0,
  dueDate: '2026-11-15',
  issuedAt: '2026-11-01T00:00:00Z',
};
const pay = (paymentId: string, amount: number): BillCommand => ({
  type: 'ApplyPayment',
  billId,
  paymentId,
  amount,
  paidAt: '2026-11-05T08:00:00Z',
});

function given(...commands: BillCommand[]): BillEvent[] {
  const events: BillEvent[] = [];
  for (const command of commands) events.push(...billDecider.decide(command, fold(billDecider, events)));
  return events;
}
const when = (past: BillEvent[], command: BillCommand) =>
  billDecider.decide(command, fold(billDecider, past));
const stateAfter = (events: BillEvent[]) => fold(billDecider, events);

describe('bill decider', () => {
  it('the bill id is the same for a customer and period, so a re-run lands on the same bill', () => {
    expect(billIdFor('PB05020054904', '2026-10')).toBe(billId);
    expect(parseBillId(billId)).toEqual({ customerCode: 'PB05020054904', period: '2026-10' });
    expect(parseBillId(billIdFor('PB05020054904', '2026-10', 2))).toEqual(parseBillId(billId));
    expect(parseBillId('nonsense')).toBeUndefined();
    expect(billIdFor('PB05020054904', '2026-10', 2)).toBe(`${billId}-r2`);
  });

  describe('not issued', () => {
    it('issues with the amount due net of credit', () => {
      const [event] = when([], { ...issue, creditApplied: 46_356 } as BillCommand);
      expect(event).toMatchObject({ type: 'BillIssued', data: { total: 346_356, amountDue: 300_000 } });
    });
    it('takes no payment', () => {
      expect(() => when([], pay('p1', 1000))).toThrow(/was never issued/);
    });
  });

  describe('issued', () => {
    const past = given(issue);
    it('issuing again decides nothing (a bill run re-run)', () => {
      expect(when(past, issue)).toEqual([]);
    });
    it('a partial payment leaves it partly paid', () => {
      const events = [...past, ...when(past, pay('p1', 100_000))];
      expect(stateAfter(events)).toMatchObject({ status: 'partly-paid', paid: 100_000 });
      expect(events[1]).toMatchObject({ data: { applied: 100_000, credit: 0, outstanding: 246_356 } });
    });
    it('the exact amount pays it', () => {
      expect(stateAfter([...past, ...when(past, pay('p1', 346_356))]).status).toBe('paid');
    });
    it('an overpayment pays it and the rest becomes credit', () => {
      const [event] = when(past, pay('p1', 400_000));
      expect(event).toMatchObject({ data: { applied: 346_356, credit: 53_644, outstanding: 0 } });
    });
    it('refuses a payment that is not whole dong above 0', () => {
      expect(() => when(past, pay('p1', 0))).toThrow(/whole number of dong/);
      expect(() => when(past, pay('p1', 10.5))).toThrow(/whole number of dong/);
    });
  });

  describe('paid', () => {
    const past = given(issue, pay('p1', 346_356));
    it('the same payment delivered again decides nothing', () => {
      expect(when(past, pay('p1', 346_356))).toEqual([]);
    });
    it('a reversed payment reopens it', () => {
      const events = [
        ...past,
        ...when(past, {
          type: 'ReversePayment',
          billId,
          paymentId: 'p1',
          reason: 'partner reversal',
          reversedAt: '2026-11-05T09:00:00Z',
        }),
      ];
      expect(stateAfter(events)).toMatchObject({ status: 'issued', paid: 0 });
      expect(events[2]).toMatchObject({
        type: 'PaymentReversed',
        data: { amount: 346_356, outstanding: 346_356 },
      });
    });
    it('cannot be cancelled while it has payments', () => {
      expect(() =>
        when(past, { type: 'CancelBill', billId, reason: 'wrong reading', cancelledAt: '2026-11-06' }),
      ).toThrow(/reverse its payments/);
    });
  });

  describe('reversed', () => {
    const past = given(issue, pay('p1', 346_356), {
      type: 'ReversePayment',
      billId,
      paymentId: 'p1',
      reason: 'r',
      reversedAt: 't',
    });
    it('reversing again decides nothing, and the reversed payment cannot come back', () => {
      expect(
        when(past, { type: 'ReversePayment', billId, paymentId: 'p1', reason: 'r', reversedAt: 't' }),
      ).toEqual([]);
      expect(when(past, pay('p1', 346_356))).toEqual([]);
    });
    it('refuses to reverse a payment it never had', () => {
      expect(() =>
        when(past, { type: 'ReversePayment', billId, paymentId: 'p9', reason: 'r', reversedAt: 't' }),
      ).toThrow(/not on bill/);
    });
  });

  describe('cancelled', () => {
    const past = given(issue, {
      type: 'CancelBill',
      billId,
      reason: 'wrong reading',
      cancelledAt: '2026-11-06',
    });
    it('takes no payment (the corrected bill is the next revision)', () => {
      expect(stateAfter(past).status).toBe('cancelled');
      expect(() => when(past, pay('p2', 1000))).toThrow(/is cancelled/);
    });
  });
});
