import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';

/** One stream per customer: all of a customer's mandates, so "one active mandate" is one decision. */
export function mandatesStreamId(customerCode: string): string {
  return `mandates-${customerCode}`;
}

/** The id a bank's mandate gets: its own reference, scoped to the bank. */
export function mandateIdOf(partner: string, mandateRef: string): string {
  return `${partner}.${mandateRef}`;
}

/** Keeps the last 4 characters: `****1234`. The full reference only ever goes to the bank. */
export function maskAccount(accountRef: string): string {
  const tail = accountRef.slice(-4);
  return `****${tail}`;
}

export interface MandateData {
  mandateId: string;
  customerCode: string;
  partner: string;
  /** The bank's account or card reference: stored for the debit call, never shown. */
  accountRef: string;
  accountMasked: string;
  enrolledBy?: string;
  registeredAt: string;
}

export type MandateCommand =
  | ({ type: 'RegisterMandate' } & Omit<MandateData, 'accountMasked'>)
  | {
      type: 'CancelMandate';
      customerCode: string;
      mandateId: string;
      partner: string;
      reason: string;
      cancelledAt: string;
    }
  | { type: 'SuspendMandate'; customerCode: string; mandateId: string; reason: string; suspendedAt: string };

export type MandateEvent =
  | { type: 'MandateRegistered'; data: MandateData }
  | {
      type: 'MandateCancelled';
      data: { mandateId: string; customerCode: string; partner: string; reason: string; cancelledAt: string };
    }
  | {
      type: 'MandateSuspended';
      data: { mandateId: string; customerCode: string; partner: string; reason: string; suspendedAt: string };
    };

export type MandateStatus = 'active' | 'cancelled' | 'suspended';

export interface Mandate extends MandateData {
  status: MandateStatus;
  endedAt?: string;
  endReason?: string;
}

export interface CustomerMandates {
  mandates: Mandate[];
}

export function activeMandate(state: CustomerMandates): Mandate | undefined {
  return state.mandates.find((mandate) => mandate.status === 'active');
}

const sameContent = (a: Omit<MandateData, 'registeredAt' | 'accountMasked'>, b: typeof a) =>
  a.customerCode === b.customerCode &&
  a.partner === b.partner &&
  a.accountRef === b.accountRef &&
  (a.enrolledBy ?? '') === (b.enrolledBy ?? '');

/**
 * A customer's auto-debit mandates. At most one is active at a time (one account pays the electricity
 * bill); registering the same mandate again decides nothing, other content under its id is a conflict.
 * A bank that closed the account or revoked the mandate has it suspended (no further debits).
 */
export const mandateDecider: Decider<MandateCommand, MandateEvent, CustomerMandates> = {
  initialState: () => ({ mandates: [] }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'MandateRegistered':
        return { mandates: [...state.mandates, { ...event.data, status: 'active' }] };
      case 'MandateCancelled':
      case 'MandateSuspended': {
        const status: MandateStatus = event.type === 'MandateCancelled' ? 'cancelled' : 'suspended';
        const endedAt = event.type === 'MandateCancelled' ? event.data.cancelledAt : event.data.suspendedAt;
        return {
          mandates: state.mandates.map((mandate) =>
            mandate.mandateId === event.data.mandateId
              ? { ...mandate, status, endedAt, endReason: event.data.reason }
              : mandate,
          ),
        };
      }
      default:
        return state;
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterMandate': {
        const existing = state.mandates.find((m) => m.mandateId === command.mandateId);
        if (existing) {
          if (sameContent(existing, command)) return [];
          throw new DomainError(
            'idempotency-conflict',
            `mandate ${command.mandateId} was already registered with other content`,
          );
        }
        const active = activeMandate(state);
        if (active)
          throw new DomainError(
            'mandate-exists',
            `customer ${command.customerCode} already has an active mandate (${active.mandateId}); cancel it first`,
          );
        if (command.accountRef.trim().length < 4)
          throw new DomainError('invalid-account', 'the account reference needs at least 4 characters');
        const { type: _type, ...data } = command;
        return [
          {
            type: 'MandateRegistered',
            data: { ...data, accountMasked: maskAccount(command.accountRef) },
          },
        ];
      }
      case 'CancelMandate': {
        const mandate = state.mandates.find((m) => m.mandateId === command.mandateId);
        if (!mandate || mandate.partner !== command.partner)
          throw new DomainError('unknown-mandate', `no mandate ${command.mandateId}`);
        if (mandate.status === 'cancelled') return [];
        return [
          {
            type: 'MandateCancelled',
            data: {
              mandateId: mandate.mandateId,
              customerCode: mandate.customerCode,
              partner: mandate.partner,
              reason: command.reason,
              cancelledAt: command.cancelledAt,
            },
          },
        ];
      }
      case 'SuspendMandate': {
        const mandate = state.mandates.find((m) => m.mandateId === command.mandateId);
        if (!mandate) throw new DomainError('unknown-mandate', `no mandate ${command.mandateId}`);
        if (mandate.status !== 'active') return [];
        return [
          {
            type: 'MandateSuspended',
            data: {
              mandateId: mandate.mandateId,
              customerCode: mandate.customerCode,
              partner: mandate.partner,
              reason: command.reason,
              suspendedAt: command.suspendedAt,
            },
          },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
