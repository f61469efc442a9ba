import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';
import { nextSendTime, type QuietHours } from '../schedule/quiet-hours';
import type { TemplateId } from '../templates/template-data';

export type NotificationChannel = 'sms' | 'email';

/** Exactly one message per source event and channel: a redelivered event lands on the same stream. */
export function notificationIdFor(sourceEventId: string, channel: NotificationChannel): string {
  return `${sourceEventId}:${channel}`;
}

/** What goes out, rendered once when scheduled so every retry sends the same words. */
export type NotificationMessage = { text: string } | { subject: string; text: string; html: string };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait after failed attempt n is backoffMs[n - 1]; the last entry repeats. */
  backoffMs: number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  backoffMs: [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000],
};

export function backoffAfter(attempt: number, policy: RetryPolicy): number {
  return policy.backoffMs[Math.min(attempt, policy.backoffMs.length) - 1] ?? 0;
}

interface Scheduled {
  notificationId: string;
  sourceEventId: string;
  channel: NotificationChannel;
  customerCode: string;
  templateId: TemplateId;
  templateVersion: number;
  /** The phone number or address; personal data, masked wherever it is logged. */
  to: string;
  message: NotificationMessage;
  /** ISO; already past the quiet hours when they apply. */
  sendAt: string;
  retry: RetryPolicy;
  /** SMS only: retries are also kept out of these hours. */
  quietHours?: QuietHours;
}

export type NotificationCommand =
  | ({ type: 'ScheduleNotification'; scheduledAt: string } & Scheduled)
  | { type: 'RecordSent'; notificationId: string; providerMessageId: string; sentAt: string }
  | {
      type: 'RecordFailure';
      notificationId: string;
      /** Which attempt failed (1 = the first send); a repeated report of the same attempt is ignored. */
      attempt: number;
      /** transient: timeout, 5xx, throttled; permanent: invalid number, bounced address, opted out. */
      kind: 'transient' | 'permanent';
      reason: string;
      at: string;
    };

export type NotificationEvent =
  | { type: 'NotificationScheduled'; data: Scheduled & { scheduledAt: string } }
  | { type: 'NotificationSent'; data: { providerMessageId: string; attempt: number; sentAt: string } }
  | {
      type: 'NotificationAttemptFailed';
      data: { attempt: number; reason: string; failedAt: string; retryAt: string };
    }
  | {
      type: 'NotificationFailed';
      data: { attempts: number; kind: 'transient' | 'permanent'; reason: string; failedAt: string };
    };

export type NotificationStatus = 'not-scheduled' | 'scheduled' | 'sent' | 'failed';

export interface NotificationState {
  status: NotificationStatus;
  notificationId: string;
  /** Failed attempts so far. */
  attempts: number;
  /** When the sender should try next (the first send or a retry); undefined once settled. */
  dueAt?: string;
  providerMessageId?: string;
  retry: RetryPolicy;
  quietHours?: QuietHours;
  /** Who and what it is for, so outcomes can be published without reading the stream again. */
  customerCode?: string;
  channel?: NotificationChannel;
  templateId?: TemplateId;
  /** The destination; personal data, masked wherever it is logged or published. */
  to?: string;
  failure?: { kind: 'transient' | 'permanent'; reason: string; at: string };
  lastError?: string;
  sentAt?: string;
}

/**
 * One message to one destination: scheduled → sent, or retried after transient failures with backoff
 * (SMS retries also wait out the quiet hours) until the attempts run out → failed; a permanent
 * failure fails it at once. Repeated commands decide nothing, so a redelivered event or a re-sent
 * provider callback cannot produce a second message or a second outcome.
 */
export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState> = {
  initialState: () => ({
    status: 'not-scheduled',
    notificationId: '',
    attempts: 0,
    retry: DEFAULT_RETRY_POLICY,
  }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'NotificationScheduled':
        return {
          ...state,
          status: 'scheduled',
          notificationId: event.data.notificationId,
          dueAt: event.data.sendAt,
          retry: event.data.retry,
          quietHours: event.data.quietHours,
          customerCode: event.data.customerCode,
          channel: event.data.channel,
          templateId: event.data.templateId,
          to: event.data.to,
        };
      case 'NotificationSent':
        return {
          ...state,
          status: 'sent',
          dueAt: undefined,
          providerMessageId: event.data.providerMessageId,
          sentAt: event.data.sentAt,
        };
      case 'NotificationAttemptFailed':
        return {
          ...state,
          attempts: event.data.attempt,
          dueAt: event.data.retryAt,
          lastError: event.data.reason,
        };
      case 'NotificationFailed':
        return {
          ...state,
          status: 'failed',
          attempts: event.data.attempts,
          dueAt: undefined,
          failure: { kind: event.data.kind, reason: event.data.reason, at: event.data.failedAt },
        };
      default:
        return state;
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'ScheduleNotification': {
        if (state.status !== 'not-scheduled') return [];
        const { type: _type, ...data } = command;
        if (!Number.isInteger(data.retry.maxAttempts) || data.retry.maxAttempts < 1)
          throw new DomainError('invalid-retry-policy', 'maxAttempts must be a whole number above 0');
        return [{ type: 'NotificationScheduled', data }];
      }
      case 'RecordSent': {
        if (state.status === 'not-scheduled') throw unknown(command.notificationId);
        if (state.status === 'sent') {
          if (state.providerMessageId === command.providerMessageId) return [];
          throw new DomainError(
            'already-sent',
            `${command.notificationId} was already sent as ${state.providerMessageId}; a second send is a duplicate message`,
          );
        }
        if (state.status === 'failed')
          throw new DomainError('already-failed', `${command.notificationId} was recorded as failed`);
        const data = {
          providerMessageId: command.providerMessageId,
          attempt: state.attempts + 1,
          sentAt: command.sentAt,
        };
        return [{ type: 'NotificationSent', data }];
      }
      case 'RecordFailure': {
        if (state.status === 'not-scheduled') throw unknown(command.notificationId);
        if (state.status !== 'scheduled' || command.attempt <= state.attempts) return [];
        if (command.attempt !== state.attempts + 1)
          throw new DomainError(
            'attempt-out-of-order',
            `attempt ${command.attempt} reported, but attempt ${state.attempts + 1} is the one in flight`,
          );
        const { attempt, reason, at } = command;
        if (command.kind === 'permanent' || attempt >= state.retry.maxAttempts) {
          return [
            {
              type: 'NotificationFailed',
              data: { attempts: attempt, kind: command.kind, reason, failedAt: at },
            },
          ];
        }
        if (Number.isNaN(Date.parse(at))) throw new DomainError('invalid-time', `"${at}" is not a timestamp`);
        const earliest = new Date(Date.parse(at) + backoffAfter(attempt, state.retry));
        const retryAt = (
          state.quietHours ? nextSendTime(earliest, state.quietHours) : earliest
        ).toISOString();
        return [{ type: 'NotificationAttemptFailed', data: { attempt, reason, failedAt: at, retryAt } }];
      }
      default:
        return unreachable(command);
    }
  },
};

const unknown = (notificationId: string) =>
  new DomainError('unknown-notification', `notification ${notificationId} was never scheduled`);
