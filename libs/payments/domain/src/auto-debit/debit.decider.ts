import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';
import { DEBIT_RETRY_POLICY, retryAfterFailure, type RetryPolicy } from './retry-policy';

/** One stream per bill: every attempt to debit it, so two attempts can never be in flight at once. */
export function debitStreamId(billId: string): string {
  return `debit-${billId}`;
}

/**
 * The id of attempt n on a bill: the idempotency key the bank gets, and the partnerTxnId of the payment
 * a success records. Deterministic, so whatever runs it again (a redelivery, a restart, the sweeper)
 * asks the bank about the same debit.
 */
export function debitAttemptId(billId: string, attempt: number): string {
  return `AD.${billId}.${attempt}`;
}

export interface DebitRequestedData {
  billId: string;
  customerCode: string;
  period: string;
  amount: number;
  mandateId: string;
  partner: string;
  accountRef: string;
  /** The bill run (or event) that asked for it. */
  runId: string;
  requestedAt: string;
  /** When attempt 1 is due. */
  dueAt: string;
}

export type DebitOutcome =
  | { kind: 'succeeded'; bankReference: string; debitedAt: string; paymentId: string }
  | { kind: 'failed'; reasonCode: string; reason: string; failedAt: string }
  /** Timed out, or the bank is still processing: ask it again at checkAt, never send a new debit. */
  | { kind: 'unknown'; reason: string; at: string; checkAt: string };

export type DebitCommand =
  | ({ type: 'RequestDebit' } & DebitRequestedData)
  | { type: 'StartAttempt'; billId: string; attempt: number; amount: number; startedAt: string }
  | { type: 'RecordOutcome'; billId: string; attempt: number; outcome: DebitOutcome }
  | { type: 'CancelDebit'; billId: string; reason: string; cancelledAt: string };

export type DebitEvent =
  | { type: 'DebitRequested'; data: DebitRequestedData }
  | {
      type: 'DebitAttemptStarted';
      data: { billId: string; attempt: number; attemptId: string; amount: number; startedAt: string };
    }
  | {
      type: 'DebitOutcomeUnknown';
      data: { billId: string; attempt: number; reason: string; at: string; checkAt: string };
    }
  | {
      type: 'DebitSucceeded';
      data: {
        billId: string;
        attempt: number;
        attemptId: string;
        amount: number;
        bankReference: string;
        debitedAt: string;
        paymentId: string;
      };
    }
  | {
      type: 'DebitAttemptFailed';
      data: {
        billId: string;
        attempt: number;
        amount: number;
        reasonCode: string;
        reason: string;
        failedAt: string;
        willRetry: boolean;
        nextAttemptAt?: string;
        suspendMandate: boolean;
      };
    }
  | { type: 'DebitCancelled'; data: { billId: string; reason: string; cancelledAt: string } };

export interface DebitAttempt {
  attempt: number;
  attemptId: string;
  amount: number;
  startedAt: string;
  status: 'in-flight' | 'unknown' | 'succeeded' | 'failed';
  checkAt?: string;
  reasonCode?: string;
}

export type DebitStatus = 'scheduled' | 'in-flight' | 'pending' | 'succeeded' | 'failed' | 'cancelled';

export type DebitState =
  | { status: 'none' }
  | {
      status: DebitStatus;
      request: DebitRequestedData;
      attempts: DebitAttempt[];
      /** The attempt waiting for its time, if any. */
      next?: { attempt: number; dueAt: string };
      cancelled: boolean;
    };

type Known = Exclude<DebitState, { status: 'none' }>;

function withAttempt(state: Known, attempt: number, change: Partial<DebitAttempt>): DebitAttempt[] {
  return state.attempts.map((a) => (a.attempt === attempt ? { ...a, ...change } : a));
}

/** The attempt whose outcome is not known yet (at most one). */
export function openAttempt(state: DebitState): DebitAttempt | undefined {
  return state.status === 'none'
    ? undefined
    : state.attempts.find((a) => a.status === 'in-flight' || a.status === 'unknown');
}

/**
 * Debiting one bill under its mandate. Attempt n is recorded as started before the bank is called;
 * attempt n+1 can only be scheduled once the bank said n failed, so an unknown outcome (a timeout, a
 * crash) blocks everything until the bank's status resolves it. The retry policy per reason decides
 * whether and when to try again; a bill paid another way cancels what is still scheduled.
 */
export function debitDeciderWith(policy: RetryPolicy): Decider<DebitCommand, DebitEvent, DebitState> {
  return {
    initialState: () => ({ status: 'none' }),

    evolve: (state, event) => {
      if (event.type === 'DebitRequested')
        return {
          status: 'scheduled',
          request: event.data,
          attempts: [],
          next: { attempt: 1, dueAt: event.data.dueAt },
          cancelled: false,
        };
      if (state.status === 'none') return state;
      switch (event.type) {
        case 'DebitAttemptStarted':
          return {
            ...state,
            status: 'in-flight',
            next: undefined,
            attempts: [
              ...state.attempts,
              {
                attempt: event.data.attempt,
                attemptId: event.data.attemptId,
                amount: event.data.amount,
                startedAt: event.data.startedAt,
                status: 'in-flight',
              },
            ],
          };
        case 'DebitOutcomeUnknown':
          return {
            ...state,
            status: 'pending',
            attempts: withAttempt(state, event.data.attempt, {
              status: 'unknown',
              checkAt: event.data.checkAt,
            }),
          };
        case 'DebitSucceeded':
          return {
            ...state,
            status: 'succeeded',
            next: undefined,
            attempts: withAttempt(state, event.data.attempt, { status: 'succeeded', checkAt: undefined }),
          };
        case 'DebitAttemptFailed': {
          const attempts = withAttempt(state, event.data.attempt, {
            status: 'failed',
            checkAt: undefined,
            reasonCode: event.data.reasonCode,
          });
          if (event.data.willRetry && event.data.nextAttemptAt)
            return {
              ...state,
              status: 'scheduled',
              attempts,
              next: { attempt: event.data.attempt + 1, dueAt: event.data.nextAttemptAt },
            };
          return { ...state, status: state.cancelled ? 'cancelled' : 'failed', attempts, next: undefined };
        }
        case 'DebitCancelled':
          return {
            ...state,
            cancelled: true,
            next: undefined,
            status: state.status === 'scheduled' || state.status === 'failed' ? 'cancelled' : state.status,
          };
        default:
          return state;
      }
    },

    decide: (command, state) => {
      switch (command.type) {
        case 'RequestDebit': {
          // A BillIssued delivered again finds the debit already requested.
          if (state.status !== 'none') return [];
          if (!Number.isSafeInteger(command.amount) || command.amount <= 0) return [];
          const { type: _type, ...data } = command;
          return [{ type: 'DebitRequested', data }];
        }
        case 'StartAttempt': {
          if (state.status === 'none')
            throw new DomainError('unknown-debit', `no debit of ${command.billId}`);
          if (state.attempts.some((a) => a.attempt === command.attempt)) return [];
          if (!state.next || state.next.attempt !== command.attempt)
            throw new DomainError('attempt-not-scheduled', `attempt ${command.attempt} is not scheduled`);
          if (command.startedAt < state.next.dueAt)
            throw new DomainError(
              'attempt-not-due',
              `attempt ${command.attempt} is due at ${state.next.dueAt}`,
            );
          return [
            {
              type: 'DebitAttemptStarted',
              data: {
                billId: command.billId,
                attempt: command.attempt,
                attemptId: debitAttemptId(command.billId, command.attempt),
                amount: command.amount,
                startedAt: command.startedAt,
              },
            },
          ];
        }
        case 'RecordOutcome': {
          if (state.status === 'none')
            throw new DomainError('unknown-debit', `no debit of ${command.billId}`);
          const attempt = state.attempts.find((a) => a.attempt === command.attempt);
          if (!attempt)
            throw new DomainError('attempt-not-started', `attempt ${command.attempt} never started`);
          // Already resolved: the same answer read twice (a restart, the sweeper) decides nothing.
          if (attempt.status === 'succeeded' || attempt.status === 'failed') return [];
          const { outcome } = command;
          switch (outcome.kind) {
            case 'succeeded':
              return [
                {
                  type: 'DebitSucceeded',
                  data: {
                    billId: command.billId,
                    attempt: attempt.attempt,
                    attemptId: attempt.attemptId,
                    amount: attempt.amount,
                    bankReference: outcome.bankReference,
                    debitedAt: outcome.debitedAt,
                    paymentId: outcome.paymentId,
                  },
                },
              ];
            case 'failed': {
              const retry = retryAfterFailure(outcome.reasonCode, attempt.attempt, outcome.failedAt, policy);
              const willRetry = retry.willRetry && !state.cancelled;
              return [
                {
                  type: 'DebitAttemptFailed',
                  data: {
                    billId: command.billId,
                    attempt: attempt.attempt,
                    amount: attempt.amount,
                    reasonCode: outcome.reasonCode,
                    reason: outcome.reason,
                    failedAt: outcome.failedAt,
                    willRetry,
                    ...(willRetry ? { nextAttemptAt: retry.nextAttemptAt } : {}),
                    suspendMandate: retry.suspendMandate,
                  },
                },
              ];
            }
            case 'unknown':
              return [
                {
                  type: 'DebitOutcomeUnknown',
                  data: {
                    billId: command.billId,
                    attempt: attempt.attempt,
                    reason: outcome.reason,
                    at: outcome.at,
                    checkAt: outcome.checkAt,
                  },
                },
              ];
            default:
              return unreachable(outcome);
          }
        }
        case 'CancelDebit': {
          if (state.status === 'none' || state.cancelled) return [];
          if (state.status === 'succeeded' || state.status === 'failed') return [];
          return [
            {
              type: 'DebitCancelled',
              data: { billId: command.billId, reason: command.reason, cancelledAt: command.cancelledAt },
            },
          ];
        }
        default:
          return unreachable(command);
      }
    },
  };
}

export const debitDecider = debitDeciderWith(DEBIT_RETRY_POLICY);
