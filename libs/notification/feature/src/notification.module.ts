import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@gridpay/contracts';
import { EventStore } from '@gridpay/shared/event-store';
import { ConsumerHost } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { SmsGatewayAdapter } from './channels/sms-gateway.adapter';
import { SmtpEmailAdapter } from './channels/smtp-email.adapter';
import { DeliveryLog } from './delivery-log/delivery-log';
import { Dispatcher } from './dispatch/dispatcher';
import {
  DEFAULT_NOTIFICATION_OPTIONS,
  NOTIFICATION_OPTIONS,
  type NotificationOptions,
} from './notification.options';
import { OutreachAttributionHandler } from './outreach/outreach-attribution.handler';
import { OutreachController } from './outreach/outreach.controller';
import { OutreachService } from './outreach/outreach.service';
import { OutreachStore } from './outreach/outreach.store';
import { CustomerNotificationsController } from './preferences/preferences.controller';
import { PreferencesStore } from './preferences/preferences.store';
import { DueQueue } from './scheduling/due-queue';
import { MessageScheduler } from './scheduling/message-scheduler';
import { CustomerViews } from './views/customer-views.store';

const onConnection = <T>(make: (connection: Connection) => T) => ({
  inject: [MONGO_CONNECTION],
  useFactory: make,
});

/** The consumer groups of the notification service (one per purpose). */
export const NOTIFICATION_GROUPS = {
  views: 'notification.views',
  messages: 'notification.messages',
  outreach: 'notification.outreach',
} as const;

/** Starts the dispatcher with the app and stops it (and the SMTP pool) before the connections close. */
class DispatchRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(Dispatcher) private readonly dispatcher: Dispatcher,
    @Inject(SmtpEmailAdapter) private readonly email: SmtpEmailAdapter,
  ) {}
  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
    this.email.close();
  }
}

/**
 * Notification: the bill SMS and email, receipts, auto-debit and mandate notices, reversal notices and
 * enrollment outreach; customer preferences and the delivery log over HTTP.
 */
@Module({})
export class NotificationModule implements OnModuleInit {
  static forRoot(overrides: Partial<NotificationOptions> = {}): DynamicModule {
    const options: NotificationOptions = { ...DEFAULT_NOTIFICATION_OPTIONS, ...overrides };
    return {
      module: NotificationModule,
      controllers: [CustomerNotificationsController, OutreachController],
      providers: [
        { provide: NOTIFICATION_OPTIONS, useValue: options },
        { provide: CustomerViews, ...onConnection((c) => new CustomerViews(c)) },
        { provide: PreferencesStore, ...onConnection((c) => new PreferencesStore(c)) },
        { provide: DueQueue, ...onConnection((c) => new DueQueue(c)) },
        { provide: OutreachStore, ...onConnection((c) => new OutreachStore(c)) },
        {
          provide: DeliveryLog,
          inject: [MONGO_CONNECTION, EventStore],
          useFactory: (c: Connection, store: EventStore) => new DeliveryLog(c, store),
        },
        {
          provide: SmsGatewayAdapter,
          useFactory: () =>
            new SmsGatewayAdapter({
              url: options.smsGatewayUrl,
              apiKey: options.smsGatewayApiKey,
              brandname: options.smsBrandname,
              timeoutMs: options.sendTimeoutMs,
            }),
        },
        {
          provide: SmtpEmailAdapter,
          useFactory: () =>
            new SmtpEmailAdapter({
              url: options.smtpUrl,
              from: options.emailFrom,
              maxConnections: options.emailConcurrency,
              timeoutMs: options.sendTimeoutMs,
            }),
        },
        {
          provide: MessageScheduler,
          inject: [EventStore, CustomerViews, PreferencesStore, DueQueue, DeliveryLog],
          useFactory: (
            store: EventStore,
            views: CustomerViews,
            preferences: PreferencesStore,
            queue: DueQueue,
            log: DeliveryLog,
          ) => new MessageScheduler(store, views, preferences, queue, log, options),
        },
        {
          provide: Dispatcher,
          inject: [
            EventStore,
            MONGO_CONNECTION,
            DueQueue,
            PreferencesStore,
            SmsGatewayAdapter,
            SmtpEmailAdapter,
          ],
          useFactory: (
            store: EventStore,
            connection: Connection,
            queue: DueQueue,
            preferences: PreferencesStore,
            sms: SmsGatewayAdapter,
            email: SmtpEmailAdapter,
          ) => new Dispatcher(store, connection, queue, preferences, sms, email, options),
        },
        {
          provide: OutreachService,
          inject: [CustomerViews, OutreachStore, MessageScheduler],
          useFactory: (views: CustomerViews, store: OutreachStore, scheduler: MessageScheduler) =>
            new OutreachService(views, store, scheduler, options),
        },
        DispatchRunner,
      ],
    };
  }

  private readonly logger = new Logger('Notification');

  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(CustomerViews) private readonly views: CustomerViews,
    @Inject(MessageScheduler) private readonly scheduler: MessageScheduler,
    @Inject(OutreachStore) private readonly outreach: OutreachStore,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: NOTIFICATION_GROUPS.views,
      topics: [TOPICS.customers, TOPICS.bills, TOPICS.payments, TOPICS.autoDebit],
      handler: this.views,
      // Each view document remembers the events applied to it: its own dedupe in the same write.
      inbox: false,
      maxBatch: 100,
    });
    this.consumers.add({
      groupId: NOTIFICATION_GROUPS.messages,
      topics: [TOPICS.bills, TOPICS.payments, TOPICS.autoDebit],
      handler: this.scheduler,
      // A slice of a bill run is scheduled between heartbeats well inside the session timeout.
      maxBatch: 100,
    });
    this.consumers.add({
      groupId: NOTIFICATION_GROUPS.outreach,
      topics: [TOPICS.autoDebit],
      handler: new OutreachAttributionHandler(this.outreach),
    });
    this.logger.log('consumer groups added: views, messages, outreach attribution');
  }
}
