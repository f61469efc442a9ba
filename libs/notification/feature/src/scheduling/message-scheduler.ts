import { Logger } from '@nestjs/common';
import type { KnownEvent } from '@gridpay/contracts';
import {
  chooseChannels,
  contactFor,
  nextSendTime,
  notificationDecider,
  notificationIdFor,
  renderFor,
  templateInputFor,
  type ChannelChoice,
  type Contact,
  type NotificationEvent,
  type NotificationState,
  type Preferences,
  type SuppressionReason,
  type TemplateInput,
} from '@gridpay/notification/domain';
import { fold } from '@gridpay/shared/ddd';
import { CommandHandler, type EventStore } from '@gridpay/shared/event-store';
import type { EventHandler } from '@gridpay/shared/messaging';
import { DeliveryLog, type DeliveryLogEntry } from '../delivery-log/delivery-log';
import type { NotificationOptions } from '../notification.options';
import type { PreferencesStore } from '../preferences/preferences.store';
import {
  maskDestination,
  notificationStream,
  notificationStreamId,
  type NotificationStreamCommand,
} from '../streams/notification.stream';
import type { CustomerViews } from '../views/customer-views.store';
import type { DueItem, DueQueue } from './due-queue';

/** One thing to tell one customer: the source (an event, or an outreach invitation) and its words. */
export interface MessageRequest {
  sourceEventId: string;
  customerCode: string;
  input: TemplateInput;
  contact: Contact;
  /** Narrows the customer's channels (an outreach sent by SMS only). */
  requested?: ChannelChoice;
  correlationId: string;
}

export interface ScheduleResult {
  scheduled: number;
  alreadyScheduled: number;
  suppressed: Array<{ customerCode: string; channel: string; reason: SuppressionReason }>;
}

const MESSAGE_EVENTS = new Set<KnownEvent['type']>([
  'BillIssued',
  'PaymentReceived',
  'PaymentReversed',
  'AutoDebitFailed',
  'MandateRegistered',
  'MandateCancelled',
]);

/**
 * Turns events into scheduled messages, one per source event and channel. The notification stream id
 * comes from the event id and channel, and a whole consumer batch is started as new streams in one
 * round trip: a stream that exists already (redelivery, restart) decides nothing, so no event can
 * produce a second message. Quiet hours move an SMS's send time to the morning here; the dispatcher
 * sends what is due.
 */
export class MessageScheduler implements EventHandler {
  private readonly logger = new Logger('NotificationScheduler');
  readonly streams: CommandHandler<NotificationStreamCommand, NotificationEvent, NotificationState>;

  constructor(
    private readonly store: EventStore,
    private readonly views: CustomerViews,
    private readonly preferences: PreferencesStore,
    private readonly queue: DueQueue,
    private readonly log: DeliveryLog,
    private readonly options: NotificationOptions,
  ) {
    this.streams = new CommandHandler(store, notificationStream);
  }

  async handle(events: KnownEvent[]): Promise<void> {
    const relevant = events.filter((event) => MESSAGE_EVENTS.has(event.type));
    if (relevant.length === 0) return;
    const requests = await Promise.all(relevant.map((event) => this.requestFor(event)));
    await this.schedule(requests.filter((r): r is MessageRequest => r !== undefined));
  }

  private async requestFor(event: KnownEvent): Promise<MessageRequest | undefined> {
    if (!('customerCode' in event.data)) return undefined;
    const customerCode = event.data.customerCode;
    const needsProfile =
      event.type !== 'BillIssued' || !event.data.contact?.phone || !event.data.contact?.email;
    const needsBalance = event.type !== 'BillIssued' && event.type !== 'MandateRegistered';
    const [profile, balance] = await Promise.all([
      needsProfile ? this.views.profiles.get(customerCode) : undefined,
      needsBalance ? this.views.balances.get(customerCode) : undefined,
    ]);
    const input = templateInputFor(event, {
      branch: this.options.branch,
      payChannels: this.options.payChannels,
      profile,
      balance,
    });
    if (!input) {
      this.logger.warn(`${event.type} ${event.eventId}: not enough data for its template, nothing sent`);
      return undefined;
    }
    return {
      sourceEventId: event.eventId,
      customerCode,
      input,
      contact: contactFor(event, profile),
      correlationId: event.correlationId,
    };
  }

  async schedule(requests: MessageRequest[]): Promise<ScheduleResult> {
    const now = this.options.clock();
    const scheduledAt = now.toISOString();
    const preferences = await this.preferences.getMany(requests.map((r) => r.customerCode));
    const commands: Array<NotificationStreamCommand & { type: 'ScheduleNotification' }> = [];
    const logEntries: DeliveryLogEntry[] = [];
    const result: ScheduleResult = { scheduled: 0, alreadyScheduled: 0, suppressed: [] };

    for (const request of requests) {
      const choice: Preferences | undefined = preferences.get(request.customerCode);
      const plan = chooseChannels(request.contact, choice, request.requested);
      for (const { channel, reason } of plan.suppressed) {
        const notificationId = notificationIdFor(request.sourceEventId, channel);
        result.suppressed.push({ customerCode: request.customerCode, channel, reason });
        logEntries.push(
          DeliveryLog.entry(request.customerCode, notificationId, {
            sourceEventId: request.sourceEventId,
            templateId: request.input.templateId,
            channel,
            scheduledAt,
            suppressed: reason,
          }),
        );
      }
      for (const { channel, to } of plan.send) {
        const { segments, ...message } = renderFor(channel, request.input);
        const sms = channel === 'sms';
        const sendAt = (sms ? nextSendTime(now, this.options.quietHours) : now).toISOString();
        const notificationId = notificationIdFor(request.sourceEventId, channel);
        if (segments !== undefined && segments > 1)
          this.logger.log(`${notificationId}: SMS needs ${segments} segments`);
        commands.push({
          type: 'ScheduleNotification',
          notificationId,
          sourceEventId: request.sourceEventId,
          channel,
          customerCode: request.customerCode,
          templateId: request.input.templateId,
          templateVersion: 1,
          to,
          message,
          sendAt,
          retry: this.options.retry,
          ...(sms ? { quietHours: this.options.quietHours } : {}),
          scheduledAt,
        });
        logEntries.push(
          DeliveryLog.entry(request.customerCode, notificationId, {
            sourceEventId: request.sourceEventId,
            templateId: request.input.templateId,
            channel,
            to,
            scheduledAt,
            sendAt,
          }),
        );
      }
    }

    const due: Array<DueItem & { dueAt: string }> = [];
    if (commands.length > 0) {
      const correlationId = requests[0]?.correlationId ?? 'notification';
      const outcome = await this.streams.startStreams(commands, { correlationId, now });
      const byId = new Map(commands.map((command) => [command.notificationId, command]));
      const own = (list: NotificationStreamCommand[]) =>
        list.flatMap((c) => byId.get(c.notificationId) ?? []);
      const started = own(outcome.started);
      const existing = own(outcome.existing);
      result.scheduled = started.length;
      result.alreadyScheduled = existing.length;
      for (const command of started) due.push({ ...itemOf(command), dueAt: command.sendAt });
      // A stream that exists already: its source event came again. Its page may never have been
      // written (a crash in between), so it goes on a page again while its stream says it is due.
      const states = await Promise.all(existing.map((command) => this.stateOf(command.notificationId)));
      existing.forEach((command, i) => {
        const state = states[i];
        if (state.status === 'scheduled' && state.dueAt) due.push({ ...itemOf(command), dueAt: state.dueAt });
      });
      for (const command of started)
        this.logger.debug?.(
          `scheduled ${command.notificationId} ${command.templateId} to ${maskDestination(command.channel, command.to)} at ${command.sendAt}`,
        );
    }
    await this.queue.add(due);
    await this.log.record(logEntries);
    return result;
  }

  async stateOf(notificationId: string): Promise<NotificationState> {
    const { events } = await this.store.load<NotificationEvent>(notificationStreamId(notificationId));
    return fold(
      notificationDecider,
      events.map(({ type, data }) => ({ type, data }) as NotificationEvent),
    );
  }
}

const itemOf = (command: NotificationStreamCommand & { type: 'ScheduleNotification' }): DueItem => ({
  notificationId: command.notificationId,
  customerCode: command.customerCode,
  channel: command.channel,
});
