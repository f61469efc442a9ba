import {
  maskEmail,
  maskPhone,
  notificationDecider,
  type NotificationChannel,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
} from '@gridpay/notification/domain';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';

/** Every command carries the customer: it keys the stream's integration events on Kafka. */
export type NotificationStreamCommand = NotificationCommand & { customerCode: string };

export const notificationStreamId = (notificationId: string) => `notification-${notificationId}`;

export const maskDestination = (channel: NotificationChannel | undefined, to: string | undefined) =>
  to === undefined ? '***' : channel === 'email' ? maskEmail(to) : maskPhone(to);

/** One stream per message (source event × channel): its id is the dedupe of the whole service. */
export const notificationStream: StreamSpec<NotificationStreamCommand, NotificationEvent, NotificationState> =
  {
    producer: 'notification',
    decider: notificationDecider,
    streamId: (command) => notificationStreamId(command.notificationId),
    partitionKey: (command) => command.customerCode,
    toIntegration: (events, state) =>
      events.flatMap((event): IntegrationEvent[] => {
        const about = {
          notificationId: state.notificationId,
          customerCode: state.customerCode ?? '',
          channel: state.channel ?? 'sms',
          template: state.templateId ?? 'bill-issued',
        };
        if (event.type === 'NotificationSent')
          return [
            {
              type: 'NotificationSent',
              data: { ...about, to: maskDestination(state.channel, state.to), sentAt: event.data.sentAt },
            },
          ];
        if (event.type === 'NotificationFailed')
          return [
            {
              type: 'NotificationFailed',
              data: {
                ...about,
                reason: event.data.reason,
                attempts: event.data.attempts,
                failedAt: event.data.failedAt,
              },
            },
          ];
        return [];
      }),
  };
