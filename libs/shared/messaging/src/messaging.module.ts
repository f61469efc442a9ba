import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventStore } from '@gridpay/shared/event-store';
import { connectInBackground, HealthRegistry, type BackgroundConnection } from '@gridpay/shared/health';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { OutboxRelay } from './outbox-relay';

const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** The service name: lease name of its outbox relay, producer of its events. */
  service: string;
}

/**
 * The consumer groups a service runs. Feature modules add theirs while the app is built; all start
 * once the app is up, each retrying in the background while Kafka is away.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Consumers');
  private readonly consumers: EventConsumer[] = [];
  private readonly starting: BackgroundConnection[] = [];
  private started = false;

  constructor(
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
  ) {}

  /** Runs a consumer group; its name gets the service's group prefix (KAFKA_GROUP_PREFIX), if any. */
  add(options: EventConsumerOptions): EventConsumer {
    const groupId = this.kafka.consumerGroup(options.groupId);
    const consumer = new EventConsumer(this.kafka, this.connection, new Logger(groupId), {
      ...options,
      groupId,
    });
    this.consumers.push(consumer);
    if (this.started) this.start(consumer);
    return consumer;
  }

  private start(consumer: EventConsumer): void {
    this.starting.push(
      connectInBackground(`consumer group ${consumer.groupId}`, () => consumer.start(), this.logger),
    );
  }

  onApplicationBootstrap(): void {
    this.started = true;
    this.consumers.forEach((consumer) => this.start(consumer));
  }

  async onApplicationShutdown(): Promise<void> {
    // A consumer still connecting would go on joining its group after we disconnected it.
    await Promise.all(this.starting.map((attempt) => attempt.stop()));
    await Promise.all(this.consumers.map((consumer) => consumer.stop().catch(() => undefined)));
  }
}

/** Publishes the service's outbox while the service runs; only the lease holder publishes. */
@Injectable()
export class RelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');
  private indexing?: BackgroundConnection;

  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('outbox', async () => {
      await this.store.outboxEntries.estimatedDocumentCount();
    });
    this.indexing = connectInBackground('event store indexes', () => this.store.ensureIndexes(), this.logger);
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.indexing?.stop();
    await this.relay.stop();
  }
}

/**
 * The event backbone for a Nest service: its event store (with outbox), the relay draining it to
 * Kafka, and the host its consumer groups run in. Needs the platform's Kafka and Mongo modules.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: EventStore,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => new EventStore(connection),
        },
        {
          provide: OutboxRelay,
          inject: [EventStore, MONGO_CONNECTION, KafkaConnection, MESSAGING_OPTIONS],
          useFactory: (
            store: EventStore,
            connection: Connection,
            kafka: KafkaConnection,
            opts: MessagingOptions,
          ) =>
            new OutboxRelay(store, connection, kafka.producer, new Logger('OutboxRelay'), {
              service: opts.service,
            }),
        },
        ConsumerHost,
        RelayRunner,
      ],
      exports: [EventStore, OutboxRelay, ConsumerHost],
    };
  }
}
