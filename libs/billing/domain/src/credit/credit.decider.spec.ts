import { fold } from '@gridpay/shared/ddd';
import { creditDecider, type CreditCommand, type CreditEvent } from './credit.decider';

const customerCode = 'PB05020054904';
const at = '2026-11-05T08:00:00Z';
const add = (paymentId: string, amount: number): CreditCommand => ({
  type: 'AddCredit',
  customerCode,
  paymentId,
  amount,
  at,
});
const use = (billId: string, upTo: number): CreditCommand => ({
  type: 'UseCredit',
  customerCode,
  billId,
  upTo,
  at,
});

function given(...commands: CreditCommand[]): CreditEvent[] {
  const events: CreditEvent[] = [];
  for (const command of commands) events.push(...creditDecider.decide(command, fold(creditDecider, events)));
  return events;
}
const when = (past: CreditEvent[], command: CreditCommand) =>
  creditDecider.decide(command, fold(creditDecider, past));

describe('customer credit', () => {
  describe('with no credit', () => {
    it('an overpayment adds credit', () => {
      expect(when([], add('pay-1', 50_000))).toEqual([
        { type: 'CreditAdded', data: { paymentId: 'pay-1', amount: 50_000, balance: 50_000, at } },
      ]);
    });
    it('a bill uses nothing', () => {
      expect(when([], use('bill-1', 300_000))).toEqual([]);
    });
    it('refuses a fractional amount', () => {
      expect(() => when([], add('pay-1', 10.5))).toThrow(/whole number/);
    });
  });

  describe('with credit', () => {
    const past = given(add('pay-1', 50_000), add('pay-2', 30_000));
    it('the same payment again adds nothing', () => {
      expect(when(past, add('pay-1', 50_000))).toEqual([]);
    });
    it('the next bill takes what it needs, up to its total', () => {
      expect(when(past, use('bill-1', 60_000))).toEqual([
        { type: 'CreditUsed', data: { billId: 'bill-1', amount: 60_000, balance: 20_000, at } },
      ]);
      expect(when(past, use('bill-1', 500_000))[0]).toMatchObject({ data: { amount: 80_000, balance: 0 } });
    });
    it('one bill uses credit once, even when the bill run is repeated', () => {
      const used = [...past, ...when(past, use('bill-1', 60_000))];
      expect(when(used, use('bill-1', 60_000))).toEqual([]);
      expect(fold(creditDecider, used).usedByBill).toEqual({ 'bill-1': 60_000 });
    });
    it('a reversed overpayment withdraws its credit, once', () => {
      const withdrawn = [
        ...past,
        ...when(past, { type: 'WithdrawCredit', customerCode, paymentId: 'pay-1', at }),
      ];
      expect(fold(creditDecider, withdrawn).balance).toBe(30_000);
      expect(when(withdrawn, { type: 'WithdrawCredit', customerCode, paymentId: 'pay-1', at })).toEqual([]);
    });
    it('withdrawing credit already spent leaves a negative balance the next bill does not use', () => {
      const spent = given(add('pay-1', 50_000), use('bill-1', 50_000), {
        type: 'WithdrawCredit',
        customerCode,
        paymentId: 'pay-1',
        at,
      });
      expect(fold(creditDecider, spent).balance).toBe(-50_000);
      expect(when(spent, use('bill-2', 100_000))).toEqual([]);
    });
  });
});
