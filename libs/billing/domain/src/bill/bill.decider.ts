import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';
import type { Quote } from '../tariff/tariff-engine';

/** One bill per customer and period: a re-run of the bill run lands on the same stream. */
export function billIdFor(customerCode: string, period: string, revision = 1): string {
  return revision === 1 ? `${customerCode}-${period}` : `${customerCode}-${period}-r${revision}`;
}

const BILL_ID = /^(.{13})-(\d{4}-\d{2})(?:-r(\d+))?$/;

/** The customer and period a bill id names (inverse of billIdFor); undefined for a malformed id. */
export function parseBillId(billId: string): { customerCode: string; period: string } | undefined {
  const match = BILL_ID.exec(billId);
  return match ? { customerCode: match[1], period: match[2] } : undefined;
}

/** The meter reading a bill is for (printed on the bill and in the SMS). */
export interface BillReading {
  previousReadDate: string;
  readDate: string;
  oldIndex: number;
  newIndex: number;
}

/** Who the bill goes to. */
export interface BillRecipient {
  name: string;
  commune: string;
  contact: { phone?: string; email?: string };
}

/** The quote the bill is made of (its lines explain it), and who and what it bills. */
export interface BillTerms extends Quote {
  billId: string;
  customerCode: string;
  period: string;
  reading: BillReading;
  recipient: BillRecipient;
  /** Customer credit from earlier overpayments, taken off this bill. */
  creditApplied: number;
  dueDate: string;
}

export type BillCommand =
  | ({ type: 'IssueBill'; issuedAt: string } & BillTerms)
  | { type: 'ApplyPayment'; billId: string; paymentId: string; amount: number; paidAt: string }
  | { type: 'ReversePayment'; billId: string; paymentId: string; reason: string; reversedAt: string }
  | { type: 'CancelBill'; billId: string; reason: string; cancelledAt: string };

export type BillEvent =
  | { type: 'BillIssued'; data: BillTerms & { amountDue: number; issuedAt: string } }
  | {
      type: 'PaymentApplied';
      data: {
        paymentId: string;
        amount: number;
        applied: number;
        credit: number;
        outstanding: number;
        paidAt: string;
      };
    }
  | {
      type: 'PaymentReversed';
      data: { paymentId: string; amount: number; outstanding: number; reason: string; reversedAt: string };
    }
  | { type: 'BillCancelled'; data: { reason: string; cancelledAt: string } };

export type BillStatus = 'not-issued' | 'issued' | 'partly-paid' | 'paid' | 'cancelled';

export interface BillState {
  status: BillStatus;
  billId: string;
  customerCode: string;
  period: string;
  amountDue: number;
  /** Applied to the bill (overpayment excluded). */
  paid: number;
  /** Payments on the bill: what each applied and left as credit; reversed ones removed. */
  payments: Record<string, { applied: number; credit: number }>;
  reversed: string[];
}

function statusOf(amountDue: number, paid: number): BillStatus {
  if (paid >= amountDue) return 'paid';
  return paid > 0 ? 'partly-paid' : 'issued';
}

function wholeDong(amount: number, field: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new DomainError('invalid-amount', `${field} must be a whole number of dong above 0`);
}

/**
 * The bill aggregate: issued → partly paid → paid; a reversed payment reopens it; a cancelled bill
 * takes no payments (a corrected one is issued as the next revision); money beyond the amount due
 * becomes customer credit. Commands repeated with the same id decide nothing (idempotent).
 */
export const billDecider: Decider<BillCommand, BillEvent, BillState> = {
  initialState: () => ({
    status: 'not-issued',
    billId: '',
    customerCode: '',
    period: '',
    amountDue: 0,
    paid: 0,
    payments: {},
    reversed: [],
  }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'BillIssued':
        return {
          ...state,
          status: statusOf(event.data.amountDue, 0),
          billId: event.data.billId,
          customerCode: event.data.customerCode,
          period: event.data.period,
          amountDue: event.data.amountDue,
        };
      case 'PaymentApplied': {
        const paid = state.paid + event.data.applied;
        const payments = {
          ...state.payments,
          [event.data.paymentId]: { applied: event.data.applied, credit: event.data.credit },
        };
        return { ...state, paid, payments, status: statusOf(state.amountDue, paid) };
      }
      case 'PaymentReversed': {
        const { [event.data.paymentId]: gone, ...payments } = state.payments;
        const paid = state.paid - (gone?.applied ?? 0);
        return {
          ...state,
          paid,
          payments,
          reversed: [...state.reversed, event.data.paymentId],
          status: statusOf(state.amountDue, paid),
        };
      }
      case 'BillCancelled':
        return { ...state, status: 'cancelled' };
      default:
        return state;
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'IssueBill': {
        if (state.status !== 'not-issued') return [];
        const { type: _type, issuedAt, ...terms } = command;
        if (terms.creditApplied < 0 || terms.creditApplied > terms.total) {
          throw new DomainError('invalid-credit', 'creditApplied must be between 0 and the total');
        }
        return [
          { type: 'BillIssued', data: { ...terms, amountDue: terms.total - terms.creditApplied, issuedAt } },
        ];
      }
      case 'ApplyPayment': {
        if (state.status === 'not-issued')
          throw new DomainError('unknown-bill', `bill ${command.billId} was never issued`);
        if (state.payments[command.paymentId] || state.reversed.includes(command.paymentId)) return [];
        if (state.status === 'cancelled')
          throw new DomainError('bill-cancelled', `bill ${command.billId} is cancelled`);
        wholeDong(command.amount, 'amount');
        const applied = Math.min(command.amount, state.amountDue - state.paid);
        const data = {
          paymentId: command.paymentId,
          amount: command.amount,
          applied,
          credit: command.amount - applied,
          outstanding: state.amountDue - state.paid - applied,
          paidAt: command.paidAt,
        };
        return [{ type: 'PaymentApplied', data }];
      }
      case 'ReversePayment': {
        if (state.reversed.includes(command.paymentId)) return [];
        const payment = state.payments[command.paymentId];
        if (!payment)
          throw new DomainError(
            'unknown-payment',
            `payment ${command.paymentId} is not on bill ${command.billId}`,
          );
        const amount = payment.applied + payment.credit;
        const outstanding = state.amountDue - (state.paid - payment.applied);
        return [
          {
            type: 'PaymentReversed',
            data: {
              paymentId: command.paymentId,
              amount,
              outstanding,
              reason: command.reason,
              reversedAt: command.reversedAt,
            },
          },
        ];
      }
      case 'CancelBill':
        if (state.status === 'cancelled') return [];
        if (state.status === 'not-issued')
          throw new DomainError('unknown-bill', `bill ${command.billId} was never issued`);
        if (state.paid > 0)
          throw new DomainError('bill-has-payments', 'reverse its payments before cancelling the bill');
        return [
          { type: 'BillCancelled', data: { reason: command.reason, cancelledAt: command.cancelledAt } },
        ];
      default:
        return unreachable(command);
    }
  },
};
