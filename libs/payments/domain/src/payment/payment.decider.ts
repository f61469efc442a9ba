import { isChannel, type Channel } from '@gridpay/partner-api';
import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';
import { allocatePayment, type Allocation, type OpenBill } from './allocate-payment';
import { businessDay } from './business-day';

/** One stream per partner transaction: a partner's retry of the same partnerTxnId lands on it. */
export function paymentStreamId(partner: string, partnerTxnId: string): string {
  return `payment-${partner}-${partnerTxnId}`;
}

export type PaymentCommand =
  | {
      type: 'AcceptPayment';
      paymentId: string;
      partner: string;
      partnerTxnId: string;
      customerCode: string;
      billIds?: string[];
      amount: number;
      channel: Channel;
      paidAt: string;
      /** Hash of the partner's request content: a retry must carry the same one. */
      requestHash: string;
      /** The customer's open bills, oldest first, from the open-bills projection. */
      openBills: OpenBill[];
      acceptedAt: string;
    }
  | { type: 'ReversePayment'; partner: string; partnerTxnId: string; reason: string; reversedAt: string };

export interface PaymentAcceptedData extends Allocation {
  paymentId: string;
  partner: string;
  partnerTxnId: string;
  customerCode: string;
  billIds?: string[];
  amount: number;
  channel: Channel;
  paidAt: string;
  requestHash: string;
  acceptedAt: string;
}

export type PaymentEvent =
  | { type: 'PaymentAccepted'; data: PaymentAcceptedData }
  | {
      type: 'PaymentReversed';
      data: Allocation & {
        paymentId: string;
        partner: string;
        partnerTxnId: string;
        customerCode: string;
        amount: number;
        reason: string;
        reversedAt: string;
      };
    };

export type PaymentState =
  { status: 'none' } | { status: 'accepted' | 'reversed'; payment: PaymentAcceptedData; reversedAt?: string };

/**
 * The Payment aggregate: a partner's payment is accepted once (a retry with the same content decides
 * nothing, other content under the same partnerTxnId is a conflict) and may be reversed on the
 * business day it was paid (Asia/Ho_Chi_Minh). Money is never refused: what no open bill takes is
 * customer credit.
 */
export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'PaymentAccepted':
        return { status: 'accepted', payment: event.data };
      case 'PaymentReversed':
        return state.status === 'none'
          ? state
          : { status: 'reversed', payment: state.payment, reversedAt: event.data.reversedAt };
      default:
        return state;
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'AcceptPayment': {
        if (state.status !== 'none') {
          if (state.payment.requestHash === command.requestHash) return [];
          throw new DomainError(
            'idempotency-conflict',
            `partnerTxnId ${command.partnerTxnId} was already used for a different payment`,
          );
        }
        if (!isChannel(command.channel))
          throw new DomainError('invalid-channel', `${String(command.channel)} is not a channel`);
        businessDay(command.paidAt);
        const { type: _type, openBills, ...request } = command;
        const allocation = allocatePayment(command.amount, openBills, command.billIds);
        return [{ type: 'PaymentAccepted', data: { ...request, ...allocation } }];
      }
      case 'ReversePayment': {
        if (state.status === 'none')
          throw new DomainError(
            'unknown-payment',
            `no payment ${command.partnerTxnId} from ${command.partner}`,
          );
        if (state.status === 'reversed') return [];
        const { payment } = state;
        if (businessDay(payment.paidAt) !== businessDay(command.reversedAt))
          throw new DomainError(
            'reversal-window-closed',
            `a payment can only be reversed on the business day it was paid (${businessDay(payment.paidAt)})`,
          );
        return [
          {
            type: 'PaymentReversed',
            data: {
              paymentId: payment.paymentId,
              partner: payment.partner,
              partnerTxnId: payment.partnerTxnId,
              customerCode: payment.customerCode,
              amount: payment.amount,
              appliedTo: payment.appliedTo,
              credit: payment.credit,
              reason: command.reason,
              reversedAt: command.reversedAt,
            },
          },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
