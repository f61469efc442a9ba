import { fold } from '@gridpay/shared/ddd';
import { VIETNAM_QUIET_HOURS } from '../schedule/quiet-hours';
import {
  backoffAfter,
  DEFAULT_RETRY_POLICY,
  notificationDecider,
  notificationIdFor,
  type NotificationCommand,
  type NotificationEvent,
} from './notification.decider';

const notificationId = notificationIdFor('0193a1b2-event', 'sms');
const schedule: NotificationCommand = {
  type: 'ScheduleNotification',
  notificationId,
  sourceEventId: '0193a1b2-event',
  channel: 'sms',
  customerCode: 'PB05020054904',
  templateId: 'bill-issued',
  templateVersion: 1,
  to: '+84905123456',
  message: { text: 'KH PB05020054904 thang 10/2026: ...' },
  sendAt: '2026-11-01T00:00:00.000Z',
  retry: { maxAttempts: 3, backoffMs: [60_000, 600_000] },
  scheduledAt: '2026-10-31T16:00:00.000Z',
};
const sent = (providerMessageId: string): NotificationCommand => ({
  type: 'RecordSent',
  notificationId,
  providerMessageId,
  sentAt: '2026-11-01T00:00:01.000Z',
});
const failure = (
  attempt: number,
  kind: 'transient' | 'permanent' = 'transient',
  at = '2026-11-01T01:00:00.000Z',
): NotificationCommand => ({
  type: 'RecordFailure',
  notificationId,
  attempt,
  kind,
  reason: 'gateway 503',
  at,
});

function given(...commands: NotificationCommand[]): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  for (const command of commands)
    events.push(...notificationDecider.decide(command, fold(notificationDecider, events)));
  return events;
}
const when = (past: NotificationEvent[], command: NotificationCommand) =>
  notificationDecider.decide(command, fold(notificationDecider, past));
const stateAfter = (events: NotificationEvent[]) => fold(notificationDecider, events);

describe('notification decider', () => {
  it('one notification per source event and channel', () => {
    expect(notificationIdFor('e1', 'sms')).toBe('e1:sms');
    expect(notificationIdFor('e1', 'email')).not.toBe(notificationIdFor('e1', 'sms'));
  });

  it('backs off by the policy, repeating its last wait', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffAfter(n, DEFAULT_RETRY_POLICY))).toEqual([
      60_000, 300_000, 1_800_000, 7_200_000, 7_200_000, 7_200_000,
    ]);
  });

  describe('not scheduled', () => {
    it('schedules the message with its destination, words and send time', () => {
      const events = when([], schedule);
      expect(events).toEqual([
        { type: 'NotificationScheduled', data: expect.objectContaining({ to: '+84905123456' }) },
      ]);
      expect(stateAfter(events)).toMatchObject({ status: 'scheduled', dueAt: '2026-11-01T00:00:00.000Z' });
    });
    it('refuses outcomes for a message it never scheduled', () => {
      expect(() => when([], sent('p1'))).toThrow(/never scheduled/);
      expect(() => when([], failure(1))).toThrow(/never scheduled/);
    });
    it('refuses a retry policy without attempts', () => {
      expect(() =>
        when([], { ...schedule, retry: { maxAttempts: 0, backoffMs: [] } } as NotificationCommand),
      ).toThrow(/maxAttempts/);
    });
  });

  describe('scheduled', () => {
    const past = given(schedule);
    it('scheduling again (the source event redelivered) decides nothing', () => {
      expect(when(past, schedule)).toEqual([]);
      expect(when(past, { ...schedule, sendAt: '2026-11-02T00:00:00.000Z' } as NotificationCommand)).toEqual(
        [],
      );
    });
    it('records the send with the provider id', () => {
      const events = [...past, ...when(past, sent('gw-1'))];
      expect(events[1]).toEqual({
        type: 'NotificationSent',
        data: { providerMessageId: 'gw-1', attempt: 1, sentAt: '2026-11-01T00:00:01.000Z' },
      });
      expect(stateAfter(events)).toMatchObject({ status: 'sent', dueAt: undefined });
    });
    it('a transient failure is retried after the backoff', () => {
      const events = [...past, ...when(past, failure(1))];
      expect(events[1]).toMatchObject({
        type: 'NotificationAttemptFailed',
        data: { attempt: 1, reason: 'gateway 503', retryAt: '2026-11-01T01:01:00.000Z' },
      });
      expect(stateAfter(events)).toMatchObject({
        status: 'scheduled',
        attempts: 1,
        dueAt: '2026-11-01T01:01:00.000Z',
      });
    });
    it('a permanent failure fails it at once, with no retry', () => {
      const [event] = when(past, {
        ...failure(1, 'permanent'),
        reason: 'invalid number',
      } as NotificationCommand);
      expect(event).toEqual({
        type: 'NotificationFailed',
        data: {
          attempts: 1,
          kind: 'permanent',
          reason: 'invalid number',
          failedAt: '2026-11-01T01:00:00.000Z',
        },
      });
    });
    it('refuses a report for an attempt not yet made', () => {
      expect(() => when(past, failure(3))).toThrow(/attempt 1 is the one in flight/);
    });
    it('refuses a failure time that is not a timestamp', () => {
      expect(() => when(past, failure(1, 'transient', 'yesterday'))).toThrow(/not a timestamp/);
    });
  });

  describe('retrying', () => {
    const past = given(schedule, failure(1));
    it('the same failure reported again decides nothing (no attempt is used up twice)', () => {
      expect(when(past, failure(1))).toEqual([]);
    });
    it('retry then success', () => {
      const events = [...past, ...when(past, sent('gw-2'))];
      expect(events[2]).toMatchObject({
        type: 'NotificationSent',
        data: { providerMessageId: 'gw-2', attempt: 2 },
      });
      expect(stateAfter(events).status).toBe('sent');
    });
    it('the second wait is longer', () => {
      expect(when(past, failure(2, 'transient', '2026-11-01T01:01:00.000Z'))).toMatchObject([
        { data: { retryAt: '2026-11-01T01:11:00.000Z' } },
      ]);
    });
    it('gives up after the last attempt', () => {
      const events = given(schedule, failure(1), failure(2));
      expect(when(events, failure(3))).toEqual([
        {
          type: 'NotificationFailed',
          data: {
            attempts: 3,
            kind: 'transient',
            reason: 'gateway 503',
            failedAt: '2026-11-01T01:00:00.000Z',
          },
        },
      ]);
    });
  });

  describe('SMS with quiet hours', () => {
    const quiet = { ...schedule, quietHours: VIETNAM_QUIET_HOURS } as NotificationCommand;
    it('a retry that would fall at night waits for 07:00 Vietnam time', () => {
      // 20:59:30 local + 1 min backoff = 21:00:30, inside the quiet hours.
      const [event] = when(given(quiet), failure(1, 'transient', '2026-11-01T13:59:30.000Z'));
      expect(event).toMatchObject({ data: { retryAt: '2026-11-02T00:00:00.000Z' } });
    });
    it('a retry during the day is not moved', () => {
      const [event] = when(given(quiet), failure(1, 'transient', '2026-11-01T03:00:00.000Z'));
      expect(event).toMatchObject({ data: { retryAt: '2026-11-01T03:01:00.000Z' } });
    });
  });

  describe('sent', () => {
    const past = given(schedule, sent('gw-1'));
    it('the same provider callback again decides nothing', () => {
      expect(when(past, sent('gw-1'))).toEqual([]);
    });
    it('a second send under another provider id is refused as a duplicate message', () => {
      expect(() => when(past, sent('gw-2'))).toThrow(/already sent as gw-1/);
    });
    it('a late failure report for it decides nothing', () => {
      expect(when(past, failure(1))).toEqual([]);
    });
  });

  describe('failed', () => {
    const past = given(schedule, failure(1, 'permanent'));
    it('is not retried: more failures decide nothing, a send is refused', () => {
      expect(stateAfter(past)).toMatchObject({ status: 'failed', dueAt: undefined });
      expect(when(past, failure(1, 'permanent'))).toEqual([]);
      expect(when(past, failure(2))).toEqual([]);
      expect(() => when(past, sent('gw-1'))).toThrow(/recorded as failed/);
    });
  });
});
