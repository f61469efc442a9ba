import type { Admin, IHeaders, Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { TOPICS, type EventEnvelope, type KnownEvent } from '@gridpay/contracts';
import { CommandHandler, EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { JsonLogger, type LogLine } from '@gridpay/shared/telemetry';
import { infra, uniqueName } from '@gridpay/shared/testing';
import {
  accountStream,
  paidByCustomer,
  testCustomerCode,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
  type PaidByCustomer,
} from '@gridpay/shared/event-store/testing';
import { EventConsumer, type EventConsumerOptions, type EventHandler } from './event-consumer';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { ProjectionStore } from './projection-store';

/**
 * One isolated copy of the backbone for an integration test: its own database, its own topics
 * (prefixed), the test account aggregate, a relay, and consumers feeding the test projection.
 */
export class BackboneHarness {
  readonly logs: LogLine[] = [];
  readonly logger = new JsonLogger('backbone-test', 'debug', (line) => this.logs.push(JSON.parse(line)));
  readonly prefix = `${uniqueName('it')}.`;
  readonly paymentsTopic = this.prefix + TOPICS.payments;
  readonly customersTopic = this.prefix + TOPICS.customers;
  connection!: Connection;
  store!: EventStore;
  kafka!: KafkaConnection;
  admin!: Admin;
  handler!: CommandHandler<AccountCommand, AccountEvent, AccountState>;
  projection!: ProjectionStore<PaidByCustomer>;
  private readonly started: Array<{ stop(): Promise<void> }> = [];

  async setUp(): Promise<this> {
    this.connection = await mongoose
      .createConnection(infra.mongoUri, { dbName: uniqueName('it-bb') })
      .asPromise();
    this.store = new EventStore(this.connection);
    await this.store.ensureIndexes();
    this.kafka = new KafkaConnection({ clientId: 'backbone-test', brokers: infra.kafkaBrokers }, this.logger);
    await this.kafka.start();
    await this.kafka.ensureTopics([this.paymentsTopic, this.customersTopic]);
    this.admin = this.kafka.kafka.admin();
    await this.admin.connect();
    this.handler = new CommandHandler(this.store, accountStream, 50);
    this.projection = new ProjectionStore(this.connection, paidByCustomer);
    return this;
  }

  async tearDown(): Promise<void> {
    for (const part of this.started.reverse()) await part.stop().catch(() => undefined);
    await this.admin?.disconnect();
    await this.kafka?.close();
    await this.connection?.dropDatabase().catch(() => undefined);
    await this.connection?.close();
  }

  relay(options: Partial<OutboxRelayOptions> = {}, producer: Producer = this.kafka.producer): OutboxRelay {
    const relay = new OutboxRelay(this.store, this.connection, producer, this.logger, {
      service: this.prefix,
      topicPrefix: this.prefix,
      idleDelayMs: 20,
      leaseTtlMs: 3000,
      ...options,
    });
    this.started.push(relay);
    return relay;
  }

  async consumer(
    options: Partial<EventConsumerOptions> & { handler?: EventHandler } = {},
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer(this.kafka, this.connection, this.logger, {
      groupId: uniqueName('it-group'),
      topics: [this.paymentsTopic],
      handler: this.projection,
      retryDelayMs: 10,
      ...options,
    });
    await consumer.start();
    this.started.push(consumer);
    return consumer;
  }

  /** Records `count` payments on `customers` new customers; returns the expected projection. */
  async recordPayments(customers: number, count: number): Promise<Map<string, PaidByCustomer>> {
    const expected = new Map<string, PaidByCustomer>();
    const codes = Array.from({ length: customers }, () => testCustomerCode());
    for (let i = 0; i < count; i++) {
      const customerCode = codes[i % customers];
      const amount = 50_000 + i;
      await this.handler.handle(
        {
          type: 'RecordPayment',
          customerCode,
          paymentId: uniqueName('pay'),
          amount,
          paidAt: '2026-11-25T08:00:00Z',
        },
        { correlationId: 'it', now: new Date() },
      );
      const doc = expected.get(customerCode) ?? { payments: 0, amount: 0 };
      expected.set(customerCode, { payments: doc.payments + 1, amount: doc.amount + amount });
    }
    return expected;
  }

  async projected(): Promise<Map<string, PaidByCustomer>> {
    return new Map((await this.projection.all()).map(({ key, state }) => [key, state]));
  }

  async send(topic: string, envelope: EventEnvelope | string, headers: IHeaders = {}, key = 'PB05020054904') {
    await this.kafka.producer.send({
      topic,
      acks: -1,
      messages: [{ key, value: typeof envelope === 'string' ? envelope : JSON.stringify(envelope), headers }],
    });
  }

  async publishedEnvelopes(): Promise<EventEnvelope[]> {
    return (await this.store.allCommits()).flatMap(
      (c) => c.outbox,
    );
  }
}

/** A handler that keeps what it received, for tests that look at events rather than a projection. */
export class RecordingHandler implements EventHandler {
  readonly events: KnownEvent[] = [];
  async handle(events: KnownEvent[]): Promise<void> {
    this.events.push(...events);
  }
}
