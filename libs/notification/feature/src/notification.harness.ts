import { Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import mongoose, { type Connection } from 'mongoose';
import {
  TOPICS,
  type EventDataMap,
  type EventEnvelope,
  type EventType,
  type KnownEvent,
} from '@gridpay/contracts';
import { fold } from '@gridpay/shared/ddd';
import {
  notificationDecider,
  nextSendTime,
  notificationIdFor,
  VIETNAM_QUIET_HOURS,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationState,
} from '@gridpay/notification/domain';
import { buildEnvelope, EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { EventConsumer, type EventHandler } from '@gridpay/shared/messaging';
import { infra, ServiceProcess, SmtpReceiver, uniqueName, waitFor } from '@gridpay/shared/testing';
import { SmsGatewayAdapter } from './channels/sms-gateway.adapter';
import { SmtpEmailAdapter } from './channels/smtp-email.adapter';
import { DeliveryLog } from './delivery-log/delivery-log';
import { Dispatcher } from './dispatch/dispatcher';
import { DEFAULT_NOTIFICATION_OPTIONS, type NotificationOptions } from './notification.options';
import { OutreachAttributionHandler } from './outreach/outreach-attribution.handler';
import { OutreachService } from './outreach/outreach.service';
import { OutreachStore } from './outreach/outreach.store';
import { PreferencesStore } from './preferences/preferences.store';
import { DueQueue } from './scheduling/due-queue';
import { MessageScheduler } from './scheduling/message-scheduler';

import { notificationStreamId } from './streams/notification.stream';
import { CustomerViews } from './views/customer-views.store';

const SMS_KEY = 'it-sms-key';
const TWO_HOURS_MS = 2 * 60 * 60_000;

/**
 * How far to move real time so that it and the next two hours fall outside the quiet hours: CI runs
 * at any hour, and a test that is not about the quiet hours must see its SMS go out at once.
 */
function daytimeShiftMs(now: Date): number {
  const later = new Date(now.getTime() + TWO_HOURS_MS);
  const clear =
    nextSendTime(now, VIETNAM_QUIET_HOURS).getTime() === now.getTime() &&
    nextSendTime(later, VIETNAM_QUIET_HOURS).getTime() === later.getTime();
  return clear ? 0 : nextSendTime(later, VIETNAM_QUIET_HOURS).getTime() + TWO_HOURS_MS - now.getTime();
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

export interface GatewaySms {
  messageId: string;
  requestId: string;
  to: string;
  text: string;
  receivedAt: string;
}

/**
 * The notification service's parts on the real Kafka and MongoDB-wire server (own database, topics
 * under their own prefix), the partner sandbox as a real process for its SMS gateway, and a real SMTP
 * listener. The clock is the harness's: real time moved out of the quiet hours unless a test fixes it.
 */
export class NotificationHarness {
  readonly prefix = `${uniqueName('it-notif')}.`;
  readonly topics = {
    bills: this.prefix + TOPICS.bills,
    payments: this.prefix + TOPICS.payments,
    autoDebit: this.prefix + TOPICS.autoDebit,
    customers: this.prefix + TOPICS.customers,
  };
  readonly logger = new Logger('notification-test');
  fixedNow?: Date;
  private readonly shiftMs = daytimeShiftMs(new Date());
  connection!: Connection;
  store!: EventStore;
  kafka!: KafkaConnection;
  smtp!: SmtpReceiver;
  sandbox!: ServiceProcess;
  options!: NotificationOptions;
  views!: CustomerViews;
  preferences!: PreferencesStore;
  queue!: DueQueue;
  log!: DeliveryLog;
  scheduler!: MessageScheduler;
  dispatcher!: Dispatcher;
  outreachStore!: OutreachStore;
  outreach!: OutreachService;
  private email!: SmtpEmailAdapter;
  private readonly consumers: EventConsumer[] = [];

  async setUp(overrides: Partial<NotificationOptions> = {}): Promise<this> {
    this.sandbox = new ServiceProcess('partner-sandbox', await freePort(), {
      SANDBOX_SMS_API_KEY: SMS_KEY,
      HOST: '127.0.0.1',
      MAIL_SINK_PORT: '0',
    });
    this.smtp = await new SmtpReceiver().start();
    this.connection = await mongoose
      .createConnection(infra.mongoUri, { dbName: uniqueName('it-notif') })
      .asPromise();
    this.store = new EventStore(this.connection);
    await this.store.ensureIndexes();
    this.kafka = new KafkaConnection(
      { clientId: 'notification-test', brokers: infra.kafkaBrokers },
      this.logger,
    );
    await this.kafka.start();
    await this.kafka.ensureTopics(Object.values(this.topics));
    this.options = {
      ...DEFAULT_NOTIFICATION_OPTIONS,
      smsGatewayUrl: `${this.sandbox.url}/sms`,
      smsGatewayApiKey: SMS_KEY,
      smtpUrl: this.smtp.url,
      smsRatePerSecond: 1000,
      sendTimeoutMs: 5000,
      retry: { maxAttempts: 3, backoffMs: [200, 400] },
      dispatchPollMs: 50,
      clock: () => this.fixedNow ?? new Date(Date.now() + this.shiftMs),
      ...overrides,
    };
    this.views = new CustomerViews(this.connection);
    this.preferences = new PreferencesStore(this.connection);
    this.queue = new DueQueue(this.connection);
    this.log = new DeliveryLog(this.connection, this.store);
    this.scheduler = new MessageScheduler(
      this.store,
      this.views,
      this.preferences,
      this.queue,
      this.log,
      this.options,
    );
    this.email = new SmtpEmailAdapter({
      url: this.options.smtpUrl,
      from: this.options.emailFrom,
      maxConnections: this.options.emailConcurrency,
      timeoutMs: this.options.sendTimeoutMs,
    });
    const sms = new SmsGatewayAdapter({
      url: this.options.smsGatewayUrl,
      apiKey: this.options.smsGatewayApiKey,
      brandname: this.options.smsBrandname,
      timeoutMs: this.options.sendTimeoutMs,
    });
    this.dispatcher = new Dispatcher(
      this.store,
      this.connection,
      this.queue,
      this.preferences,
      sms,
      this.email,
      this.options,
    );
    this.outreachStore = new OutreachStore(this.connection);
    this.outreach = new OutreachService(this.views, this.outreachStore, this.scheduler, this.options);
    await waitFor(
      'the sandbox SMS gateway',
      async () => (await this.sandbox.get('/sms/messages')).status === 200,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    return this;
  }

  /** The service's three consumer groups, on the harness's topics. */
  async startConsumers(): Promise<void> {
    const { bills, payments, autoDebit, customers } = this.topics;
    await Promise.all([
      this.consumer(this.views, [customers, bills, payments, autoDebit], { inbox: false }),
      this.consumer(this.scheduler, [bills, payments, autoDebit]),
      this.consumer(new OutreachAttributionHandler(this.outreachStore), [autoDebit]),
    ]);
  }

  async consumer(
    handler: EventHandler,
    topics: string[],
    extra: { inbox?: boolean } = {},
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer(this.kafka, this.connection, this.logger, {
      groupId: uniqueName('it-notif-group'),
      topics,
      handler,
      retryDelayMs: 10,
      maxBatch: 100,
      ...extra,
    });
    await consumer.start();
    this.consumers.push(consumer);
    return consumer;
  }

  async tearDown(): Promise<void> {
    await this.dispatcher?.stop();
    for (const consumer of this.consumers) await consumer.stop().catch(() => undefined);
    this.email?.close();
    await this.kafka?.close();
    await this.connection?.dropDatabase().catch(() => undefined);
    await this.connection?.close();
    await this.smtp?.stop();
    await this.sandbox?.kill();
  }

  envelope<T extends EventType>(
    type: T,
    data: EventDataMap[T],
    partitionKey: string,
  ): EventEnvelope<EventDataMap[T], T> {
    return buildEnvelope(type, data, { producer: 'notification-test', partitionKey, correlationId: 'it' });
  }

  async publish(topic: string, envelopes: EventEnvelope[]): Promise<void> {
    for (let i = 0; i < envelopes.length; i += 500) {
      await this.kafka.producer.send({
        topic,
        acks: -1,
        messages: envelopes.slice(i, i + 500).map((e) => ({ key: e.partitionKey, value: JSON.stringify(e) })),
      });
    }
  }

  async gatewaySms(filter: { to?: string; since?: string } = {}): Promise<GatewaySms[]> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as Array<[string, string]>);
    const { body } = await this.sandbox.get(`/sms/messages?${query}`);
    return (body as { messages: GatewaySms[] }).messages;
  }

  async gatewayFails(numbers: string[], mode: 'transient' | 'permanent', times?: number): Promise<void> {
    const res = await fetch(`${this.sandbox.url}/sms/failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ numbers, mode, times }),
    });
    if (res.status !== 204) throw new Error(`sandbox refused failures: ${res.status}`);
  }

  async notification(sourceEventId: string, channel: NotificationChannel) {
    const { events } = await this.store.load<NotificationEvent>(
      notificationStreamId(notificationIdFor(sourceEventId, channel)),
    );
    const plain = events.map(({ type, data }) => ({ type, data }) as NotificationEvent);
    return { events: plain, state: fold(notificationDecider, plain) as NotificationState };
  }

  /** The integration events the notification streams put in the outbox. */
  async outbox(): Promise<KnownEvent[]> {
    return (await this.store.allCommits()).flatMap((c) => c.outbox) as KnownEvent[];
  }

  waitForState(
    sourceEventId: string,
    channel: NotificationChannel,
    status: NotificationState['status'],
    timeoutMs = 30_000,
  ) {
    return waitFor(
      `${channel} notification of ${sourceEventId} to be ${status}`,
      async () => {
        const { state } = await this.notification(sourceEventId, channel);
        return state.status === status ? state : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }
}

let serial = Math.floor(Math.random() * 9_000_000);
/** A customer code no other test run used (7-digit serial after a 6-character unit). */
export function testCustomer(): { customerCode: string; phone: string; email: string } {
  serial = (serial + 1) % 10_000_000;
  const digits = String(serial).padStart(7, '0');
  return {
    customerCode: `PC05QS${digits}`,
    phone: `+849${digits}${String(serial % 100).padStart(2, '0')}`,
    email: `kh${digits}@example.vn`,
  };
}
