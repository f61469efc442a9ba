import type { Connection, mongo } from 'mongoose';
import type {
  NotificationChannel,
  NotificationState,
  SuppressionReason,
  TemplateId,
} from '@gridpay/notification/domain';
import { fold } from '@gridpay/shared/ddd';
import { notificationDecider } from '@gridpay/notification/domain';
import { onlyDuplicates, isDuplicateKey, type EventStore } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';
import { maskDestination, notificationStreamId } from '../streams/notification.stream';

/**
 * One line per message a customer was sent or would have been sent, insert-only. `_id` starts with the
 * customer code, so a customer's lines are one _id range. The status is read from the message's
 * stream when the log is asked for, so it is never stale and never updated in place.
 */
export interface DeliveryLogEntry {
  _id: string;
  customerCode: string;
  notificationId: string;
  sourceEventId: string;
  templateId: TemplateId;
  channel: NotificationChannel;
  /** Masked. */
  to?: string;
  scheduledAt: string;
  sendAt?: string;
  suppressed?: SuppressionReason;
}

export interface DeliveryLogLine {
  notificationId: string;
  sourceEventId: string;
  templateId: TemplateId;
  channel: NotificationChannel;
  to?: string;
  scheduledAt: string;
  status: NotificationState['status'] | 'suppressed';
  reason?: string;
  attempts: number;
  dueAt?: string;
  sentAt?: string;
  failedAt?: string;
}

export const deliveryLogId = (customerCode: string, notificationId: string) =>
  `${customerCode}|${notificationId}`;

export class DeliveryLog {
  constructor(
    private readonly connection: Connection,
    private readonly store: EventStore,
  ) {}

  get entries(): mongo.Collection<DeliveryLogEntry> {
    return connectedDb(this.connection).collection<DeliveryLogEntry>('notification_log');
  }

  async record(entries: DeliveryLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.entries.insertMany(entries, { ordered: false });
    } catch (error) {
      if (!onlyDuplicates(error) && !isDuplicateKey(error)) throw error;
    }
  }

  static entry(
    customerCode: string,
    notificationId: string,
    fields: Omit<DeliveryLogEntry, '_id' | 'customerCode' | 'notificationId' | 'to'> & { to?: string },
  ): DeliveryLogEntry {
    return {
      _id: deliveryLogId(customerCode, notificationId),
      customerCode,
      notificationId,
      ...fields,
      ...(fields.to === undefined ? {} : { to: maskDestination(fields.channel, fields.to) }),
    };
  }

  /** A customer's messages, newest first, each with its current status. */
  async forCustomer(customerCode: string): Promise<DeliveryLogLine[]> {
    const entries = await this.entries
      .find({ _id: { $gte: `${customerCode}|`, $lt: `${customerCode}}` } })
      .toArray();
    const lines = await Promise.all(
      entries.map(async (entry): Promise<DeliveryLogLine> => {
        const base = {
          notificationId: entry.notificationId,
          sourceEventId: entry.sourceEventId,
          templateId: entry.templateId,
          channel: entry.channel,
          ...(entry.to ? { to: entry.to } : {}),
          scheduledAt: entry.scheduledAt,
        };
        if (entry.suppressed) return { ...base, status: 'suppressed', reason: entry.suppressed, attempts: 0 };
        const { events } = await this.store.load(notificationStreamId(entry.notificationId));
        const state = fold(notificationDecider, events as never);
        return {
          ...base,
          status: state.status,
          attempts: state.status === 'sent' ? state.attempts + 1 : state.attempts,
          ...(state.dueAt ? { dueAt: state.dueAt } : {}),
          ...(state.sentAt ? { sentAt: state.sentAt } : {}),
          ...(state.failure ? { reason: state.failure.reason, failedAt: state.failure.at } : {}),
          ...(!state.failure && state.lastError ? { reason: state.lastError } : {}),
        };
      }),
    );
    return lines.sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
  }
}
