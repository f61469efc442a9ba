import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';

/**
 * A customer's credit: money paid beyond what bills asked for, kept until the next bill takes it.
 * One stream per customer. Every command names what it comes from (a payment, a bill), so a repeat
 * after a crash or a redelivery decides nothing new.
 */
export type CreditCommand =
  | { type: 'AddCredit'; customerCode: string; paymentId: string; amount: number; at: string }
  | { type: 'WithdrawCredit'; customerCode: string; paymentId: string; at: string }
  | { type: 'UseCredit'; customerCode: string; billId: string; upTo: number; at: string };

export type CreditEvent =
  | { type: 'CreditAdded'; data: { paymentId: string; amount: number; balance: number; at: string } }
  | { type: 'CreditWithdrawn'; data: { paymentId: string; amount: number; balance: number; at: string } }
  | { type: 'CreditUsed'; data: { billId: string; amount: number; balance: number; at: string } };

export interface CreditState {
  /** May go below zero when a reversed payment's credit was already spent: the next bill recovers it. */
  balance: number;
  added: Record<string, number>;
  withdrawn: string[];
  usedByBill: Record<string, number>;
}

export const creditDecider: Decider<CreditCommand, CreditEvent, CreditState> = {
  initialState: () => ({ balance: 0, added: {}, withdrawn: [], usedByBill: {} }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'CreditAdded':
        return {
          ...state,
          balance: event.data.balance,
          added: { ...state.added, [event.data.paymentId]: event.data.amount },
        };
      case 'CreditWithdrawn':
        return {
          ...state,
          balance: event.data.balance,
          withdrawn: [...state.withdrawn, event.data.paymentId],
        };
      case 'CreditUsed':
        return {
          ...state,
          balance: event.data.balance,
          usedByBill: { ...state.usedByBill, [event.data.billId]: event.data.amount },
        };
      default:
        return state;
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'AddCredit': {
        if (command.paymentId in state.added) return [];
        if (!Number.isSafeInteger(command.amount) || command.amount <= 0)
          throw new DomainError('invalid-amount', 'credit amount must be a whole number of dong above 0');
        const { paymentId, amount, at } = command;
        return [{ type: 'CreditAdded', data: { paymentId, amount, balance: state.balance + amount, at } }];
      }
      case 'WithdrawCredit': {
        const amount = state.added[command.paymentId];
        if (amount === undefined || state.withdrawn.includes(command.paymentId)) return [];
        const { paymentId, at } = command;
        return [
          { type: 'CreditWithdrawn', data: { paymentId, amount, balance: state.balance - amount, at } },
        ];
      }
      case 'UseCredit': {
        if (command.billId in state.usedByBill) return [];
        const amount = Math.max(0, Math.min(state.balance, command.upTo));
        if (amount === 0) return [];
        const { billId, at } = command;
        return [{ type: 'CreditUsed', data: { billId, amount, balance: state.balance - amount, at } }];
      }
      default:
        return unreachable(command);
    }
  },
};

/** The stream of a customer's credit. */
export const creditStreamId = (customerCode: string) => `credit-${customerCode}`;
