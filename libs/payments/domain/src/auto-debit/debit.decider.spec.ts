import { fold } from '@gridpay/shared/ddd';
import {
  debitAttemptId,
  debitDecider,
  debitDeciderWith,
  openAttempt,
  type DebitCommand,
  type DebitEvent,
} from './debit.decider';
import { acceleratedRetryPolicy, DEBIT_RETRY_POLICY, retryAfterFailure } from './retry-policy';

const billId = 'PB05020054904-2026-10';
const request: DebitCommand = {
  type: 'RequestDebit',
  billId,
  customerCode: 'PB05020054904',
  period: '2026-10',
  amount: 346_356,
  mandateId: 'agribank.M-1',
  partner: 'agribank',
  accountRef: '3700205123456',
  runId: 'run-1',
  requestedAt: '2026-11-01T00:00:00.000Z',
  dueAt: '2026-11-01T00:00:00.000Z',
};
const start = (attempt: number, startedAt = '2026-11-01T00:00:01.000Z'): DebitCommand => ({
  type: 'StartAttempt',
  billId,
  attempt,
  amount: 346_356,
  startedAt,
});
const failed = (attempt: number, reasonCode: string, failedAt: string): DebitCommand => ({
  type: 'RecordOutcome',
  billId,
  attempt,
  outcome: { kind: 'failed', reasonCode, reason: reasonCode.toLowerCase(), failedAt },
});
const succeeded = (attempt: number): DebitCommand => ({
  type: 'RecordOutcome',
  billId,
  attempt,
  outcome: {
    kind: 'succeeded',
    bankReference: 'B-1',
    debitedAt: '2026-11-01T00:00:02.000Z',
    paymentId: 'pay-1',
  },
});
const unknown = (attempt: number): DebitCommand => ({
  type: 'RecordOutcome',
  billId,
  attempt,
  outcome: {
    kind: 'unknown',
    reason: 'timeout',
    at: '2026-11-01T00:00:06.000Z',
    checkAt: '2026-11-01T00:00:36.000Z',
  },
});
const cancel: DebitCommand = {
  type: 'CancelDebit',
  billId,
  reason: 'paid',
  cancelledAt: '2026-11-02T00:00:00.000Z',
};

function given(...commands: DebitCommand[]): DebitEvent[] {
  const events: DebitEvent[] = [];
  for (const command of commands) events.push(...debitDecider.decide(command, fold(debitDecider, events)));
  return events;
}
const when = (past: DebitEvent[], command: DebitCommand) =>
  debitDecider.decide(command, fold(debitDecider, past));
const state = (past: DebitEvent[]) => fold(debitDecider, past);

describe('retry policy', () => {
  it('insufficient funds: 3 attempts over 6 days', () => {
    expect(retryAfterFailure('INSUFFICIENT_FUNDS', 1, '2026-11-01T00:00:00.000Z')).toEqual({
      willRetry: true,
      nextAttemptAt: '2026-11-04T00:00:00.000Z',
      suspendMandate: false,
    });
    expect(retryAfterFailure('INSUFFICIENT_FUNDS', 2, '2026-11-04T00:00:00.000Z').nextAttemptAt).toBe(
      '2026-11-07T00:00:00.000Z',
    );
    expect(retryAfterFailure('INSUFFICIENT_FUNDS', 3, '2026-11-07T00:00:00.000Z').willRetry).toBe(false);
  });
  it('closed account and revoked mandate: never, the mandate is suspended', () => {
    for (const code of ['ACCOUNT_CLOSED', 'MANDATE_REVOKED'])
      expect(retryAfterFailure(code, 1, '2026-11-01T00:00:00.000Z')).toEqual({
        willRetry: false,
        suspendMandate: true,
      });
  });
  it('any other refusal: once more a day later', () => {
    expect(retryAfterFailure('DO_NOT_HONOUR', 1, '2026-11-01T00:00:00.000Z').nextAttemptAt).toBe(
      '2026-11-02T00:00:00.000Z',
    );
    expect(retryAfterFailure('DO_NOT_HONOUR', 2, '2026-11-02T00:00:00.000Z').willRetry).toBe(false);
  });
  it('accelerated (the demo platform): the same rules, waits divided', () => {
    const fast = acceleratedRetryPolicy(DEBIT_RETRY_POLICY, 3600);
    expect(retryAfterFailure('INSUFFICIENT_FUNDS', 1, '2026-11-01T00:00:00.000Z', fast)).toEqual({
      willRetry: true,
      nextAttemptAt: '2026-11-01T00:01:12.000Z',
      suspendMandate: false,
    });
    expect(retryAfterFailure('INSUFFICIENT_FUNDS', 3, '2026-11-01T00:02:24.000Z', fast).willRetry).toBe(
      false,
    );
    expect(retryAfterFailure('ACCOUNT_CLOSED', 1, '2026-11-01T00:00:00.000Z', fast).suspendMandate).toBe(
      true,
    );
    expect(() => acceleratedRetryPolicy(DEBIT_RETRY_POLICY, 0.5)).toThrow('speedup');

    const decider = debitDeciderWith(fast);
    const past: DebitEvent[] = [];
    for (const command of [request, start(1)]) past.push(...decider.decide(command, fold(decider, past)));
    const [event] = decider.decide(
      failed(1, 'INSUFFICIENT_FUNDS', '2026-11-01T00:00:02.000Z'),
      fold(decider, past),
    );
    expect(event).toMatchObject({ data: { willRetry: true, nextAttemptAt: '2026-11-01T00:01:14.000Z' } });
  });
});

describe('debit decider', () => {
  it('attempt ids are deterministic per bill and attempt', () => {
    expect(debitAttemptId(billId, 2)).toBe('AD.PB05020054904-2026-10.2');
  });

  describe('nothing requested', () => {
    it('BillIssued requests the debit, attempt 1 due at once', () => {
      const events = when([], request);
      expect(events.map((e) => e.type)).toEqual(['DebitRequested']);
      expect(state(events)).toMatchObject({
        status: 'scheduled',
        next: { attempt: 1, dueAt: request.dueAt },
      });
    });
    it('a bill with nothing to pay needs no debit', () => {
      expect(when([], { ...request, amount: 0 } as DebitCommand)).toEqual([]);
    });
  });

  describe('requested', () => {
    const past = given(request);
    it('a duplicate BillIssued decides nothing', () => {
      expect(when(past, request)).toEqual([]);
    });
    it('records attempt 1 before the bank is called', () => {
      expect(when(past, start(1))).toEqual([
        {
          type: 'DebitAttemptStarted',
          data: {
            billId,
            attempt: 1,
            attemptId: 'AD.PB05020054904-2026-10.1',
            amount: 346_356,
            startedAt: '2026-11-01T00:00:01.000Z',
          },
        },
      ]);
    });
    it('an attempt not scheduled or not due is refused', () => {
      expect(() => when(past, start(2))).toThrow(expect.objectContaining({ code: 'attempt-not-scheduled' }));
      expect(() => when(past, start(1, '2026-10-31T00:00:00.000Z'))).toThrow(
        expect.objectContaining({ code: 'attempt-not-due' }),
      );
    });
    it('cancelling (paid another way) drops the scheduled attempt', () => {
      const events = when(past, cancel);
      expect(state([...past, ...events])).toMatchObject({ status: 'cancelled', next: undefined });
    });
  });

  describe('attempt in flight', () => {
    const past = given(request, start(1));
    it('starting it again (a restart) decides nothing: never a second call', () => {
      expect(when(past, start(1))).toEqual([]);
      expect(openAttempt(state(past))).toMatchObject({ attempt: 1, status: 'in-flight' });
    });
    it('the bank took the money', () => {
      expect(when(past, succeeded(1))).toEqual([
        {
          type: 'DebitSucceeded',
          data: {
            billId,
            attempt: 1,
            attemptId: 'AD.PB05020054904-2026-10.1',
            amount: 346_356,
            bankReference: 'B-1',
            debitedAt: '2026-11-01T00:00:02.000Z',
            paymentId: 'pay-1',
          },
        },
      ]);
    });
    it('insufficient funds: fails, retried 3 days later', () => {
      const [event] = when(past, failed(1, 'INSUFFICIENT_FUNDS', '2026-11-01T00:00:02.000Z'));
      expect(event).toMatchObject({
        type: 'DebitAttemptFailed',
        data: {
          attempt: 1,
          willRetry: true,
          nextAttemptAt: '2026-11-04T00:00:02.000Z',
          suspendMandate: false,
        },
      });
      expect(state([...past, event])).toMatchObject({ status: 'scheduled', next: { attempt: 2 } });
    });
    it('closed account: fails for good and asks for the mandate to be suspended', () => {
      const [event] = when(past, failed(1, 'ACCOUNT_CLOSED', '2026-11-01T00:00:02.000Z'));
      expect(event.data).toMatchObject({ willRetry: false, suspendMandate: true });
      expect(state([...past, event]).status).toBe('failed');
    });
    it('a timeout leaves it PENDING: nothing new can start until the bank answers', () => {
      const events = when(past, unknown(1));
      expect(state([...past, ...events])).toMatchObject({ status: 'pending' });
      expect(() => when([...past, ...events], start(2))).toThrow(
        expect.objectContaining({ code: 'attempt-not-scheduled' }),
      );
    });
    it('paid another way meanwhile: a failure is not retried', () => {
      const afterCancel = [...past, ...when(past, cancel)];
      const [event] = when(afterCancel, failed(1, 'INSUFFICIENT_FUNDS', '2026-11-01T00:00:02.000Z'));
      expect(event.data).toMatchObject({ willRetry: false });
      expect(state([...afterCancel, event]).status).toBe('cancelled');
    });
    it('paid another way meanwhile: a success is still recorded (the money was taken)', () => {
      const afterCancel = [...past, ...when(past, cancel)];
      expect(when(afterCancel, succeeded(1)).map((e) => e.type)).toEqual(['DebitSucceeded']);
    });
  });

  describe('pending (outcome unknown)', () => {
    const past = given(request, start(1), unknown(1));
    it('the status the sweeper reads resolves it', () => {
      expect(when(past, succeeded(1)).map((e) => e.type)).toEqual(['DebitSucceeded']);
    });
    it('still unknown: the next check is recorded', () => {
      expect(when(past, unknown(1)).map((e) => e.type)).toEqual(['DebitOutcomeUnknown']);
    });
  });

  describe('resolved', () => {
    const past = given(request, start(1), succeeded(1));
    it('the same answer read again decides nothing', () => {
      expect(when(past, succeeded(1))).toEqual([]);
    });
    it('a late cancel decides nothing', () => {
      expect(when(past, cancel)).toEqual([]);
    });
    it('third insufficient-funds failure ends it', () => {
      const events = given(
        request,
        start(1),
        failed(1, 'INSUFFICIENT_FUNDS', '2026-11-01T00:00:02.000Z'),
        start(2, '2026-11-04T00:00:02.000Z'),
        failed(2, 'INSUFFICIENT_FUNDS', '2026-11-04T00:00:03.000Z'),
        start(3, '2026-11-07T00:00:03.000Z'),
        failed(3, 'INSUFFICIENT_FUNDS', '2026-11-07T00:00:04.000Z'),
      );
      expect(events.at(-1)?.data).toMatchObject({ attempt: 3, willRetry: false });
      expect(state(events)).toMatchObject({ status: 'failed', next: undefined });
    });
  });
});
