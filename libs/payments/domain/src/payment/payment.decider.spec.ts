import { fold } from '@gridpay/shared/ddd';
import { paymentDecider, paymentStreamId, type PaymentCommand, type PaymentEvent } from './payment.decider';
import { paymentRequestHash } from './request-hash';

const openBills = [
  { billId: 'PB05020054904-2026-09', period: '2026-09', amountDue: 200_000 },
  { billId: 'PB05020054904-2026-10', period: '2026-10', amountDue: 346_356 },
];
const content = {
  customerCode: 'PB05020054904',
  amount: 546_356,
  channel: 'MOBILE_BANKING' as const,
  paidAt: '2026-11-05T08:00:00+07:00',
};
const accept: PaymentCommand = {
  type: 'AcceptPayment',
  paymentId: 'pay-1',
  partner: 'agribank',
  partnerTxnId: 'AGR-20261105-0001',
  ...content,
  requestHash: paymentRequestHash(content),
  openBills,
  acceptedAt: '2026-11-05T01:00:01Z',
};
const reverse = (reversedAt: string): PaymentCommand => ({
  type: 'ReversePayment',
  partner: 'agribank',
  partnerTxnId: 'AGR-20261105-0001',
  reason: 'customer cancelled at the counter',
  reversedAt,
});

function given(...commands: PaymentCommand[]): PaymentEvent[] {
  const events: PaymentEvent[] = [];
  for (const command of commands)
    events.push(...paymentDecider.decide(command, fold(paymentDecider, events)));
  return events;
}
const when = (past: PaymentEvent[], command: PaymentCommand) =>
  paymentDecider.decide(command, fold(paymentDecider, past));

describe('payment decider', () => {
  it('one stream per partner transaction', () => {
    expect(paymentStreamId('agribank', 'AGR-1')).toBe('payment-agribank-AGR-1');
  });

  describe('no payment yet', () => {
    it('accepts it, paying the oldest open bills first', () => {
      expect(when([], accept)).toEqual([
        {
          type: 'PaymentAccepted',
          data: {
            paymentId: 'pay-1',
            partner: 'agribank',
            partnerTxnId: 'AGR-20261105-0001',
            ...content,
            requestHash: paymentRequestHash(content),
            acceptedAt: '2026-11-05T01:00:01Z',
            appliedTo: [
              { billId: 'PB05020054904-2026-09', amount: 200_000 },
              { billId: 'PB05020054904-2026-10', amount: 346_356 },
            ],
            credit: 0,
          },
        },
      ]);
    });
    it('pays the named bills, the rest becomes credit', () => {
      const [event] = when([], { ...accept, billIds: ['PB05020054904-2026-10'] } as PaymentCommand);
      expect(event.data).toMatchObject({
        billIds: ['PB05020054904-2026-10'],
        appliedTo: [{ billId: 'PB05020054904-2026-10', amount: 346_356 }],
        credit: 200_000,
      });
    });
    it('accepts money for a bill already paid through another channel, all of it as credit', () => {
      const [event] = when([], {
        ...accept,
        amount: 200_000,
        billIds: ['PB05020054904-2026-08'],
      } as PaymentCommand);
      expect(event.data).toMatchObject({ appliedTo: [], credit: 200_000 });
    });
    it('refuses an amount that is not whole dong above 0, an unknown channel and a paidAt without offset', () => {
      expect(() => when([], { ...accept, amount: -5 } as PaymentCommand)).toThrow(/whole number/);
      expect(() => when([], { ...accept, channel: 'CASH' } as unknown as PaymentCommand)).toThrow(
        /not a channel/,
      );
      expect(() => when([], { ...accept, paidAt: '2026-11-05 08:00' } as PaymentCommand)).toThrow(
        /with an offset/,
      );
    });
    it('cannot reverse what was never accepted', () => {
      expect(() => when([], reverse('2026-11-05T09:00:00+07:00'))).toThrow(
        expect.objectContaining({ code: 'unknown-payment' }),
      );
    });
  });

  describe('accepted', () => {
    const past = given(accept);
    it('the same request again decides nothing (the caller returns the stored result)', () => {
      expect(when(past, accept)).toEqual([]);
      expect(
        when(past, { ...accept, paymentId: 'pay-2', acceptedAt: '2026-11-05T01:00:09Z' } as PaymentCommand),
      ).toEqual([]);
    });
    it('the same partnerTxnId with different content is an idempotency conflict', () => {
      const other = { ...content, amount: 100_000 };
      expect(() =>
        when(past, { ...accept, ...other, requestHash: paymentRequestHash(other) } as PaymentCommand),
      ).toThrow(expect.objectContaining({ code: 'idempotency-conflict' }));
    });
    it('is reversed on the business day it was paid (Asia/Ho_Chi_Minh)', () => {
      const [event] = when(past, reverse('2026-11-05T16:59:59Z'));
      expect(event).toEqual({
        type: 'PaymentReversed',
        data: {
          paymentId: 'pay-1',
          partner: 'agribank',
          partnerTxnId: 'AGR-20261105-0001',
          customerCode: 'PB05020054904',
          amount: 546_356,
          appliedTo: [
            { billId: 'PB05020054904-2026-09', amount: 200_000 },
            { billId: 'PB05020054904-2026-10', amount: 346_356 },
          ],
          credit: 0,
          reason: 'customer cancelled at the counter',
          reversedAt: '2026-11-05T16:59:59Z',
        },
      });
      expect(fold(paymentDecider, [...past, event])).toMatchObject({ status: 'reversed' });
    });
    it('is not reversed on a later business day, even minutes after midnight', () => {
      expect(() => when(past, reverse('2026-11-05T17:00:00Z'))).toThrow(
        expect.objectContaining({ code: 'reversal-window-closed' }),
      );
    });
  });

  describe('reversed', () => {
    const past = given(accept, reverse('2026-11-05T10:00:00+07:00'));
    it('reversing again decides nothing', () => {
      expect(when(past, reverse('2026-11-05T11:00:00+07:00'))).toEqual([]);
    });
    it('the original request again decides nothing; other content is still a conflict', () => {
      expect(when(past, accept)).toEqual([]);
      expect(() => when(past, { ...accept, requestHash: 'other' } as PaymentCommand)).toThrow(
        expect.objectContaining({ code: 'idempotency-conflict' }),
      );
    });
  });
});

describe('payment request hash', () => {
  it('is the same for the same content and differs when any field differs', () => {
    const hash = paymentRequestHash(content);
    expect(
      paymentRequestHash({
        paidAt: content.paidAt,
        channel: content.channel,
        amount: content.amount,
        customerCode: content.customerCode,
      }),
    ).toBe(hash);
    expect(paymentRequestHash({ ...content, billIds: [] })).toBe(hash);
    expect(paymentRequestHash({ ...content, amount: 546_357 })).not.toBe(hash);
    expect(paymentRequestHash({ ...content, billIds: ['a'] })).not.toBe(hash);
    expect(paymentRequestHash({ ...content, channel: 'COUNTER' })).not.toBe(hash);
  });
});
