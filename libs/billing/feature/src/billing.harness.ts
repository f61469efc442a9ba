import { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { OutboxRelay } from '@gridpay/shared/messaging';
import { infra, uniqueName } from '@gridpay/shared/testing';
import { BillRunStore } from './bill-run/bill-run.store';
import { BillRunner } from './bill-run/bill-runner';
import { BillQueries } from './bills/bill.queries';
import { CustomerRepository } from './customers/customer.repository';
import { ReadingRepository } from './readings/reading.repository';
import { CreditHolders } from './settlement/credit-holders';
import { SettlementHandler } from './settlement/settlement.handler';

/**
 * Billing's parts wired to the real MongoDB-wire server and Kafka, in a database of their own and
 * with topics under a prefix of their own.
 */
export class BillingHarness {
  readonly prefix = `${uniqueName('it-billing')}.`;
  readonly billsTopic = this.prefix + TOPICS.bills;
  readonly logger = new Logger('billing-test');
  connection!: Connection;
  store!: EventStore;
  customers!: CustomerRepository;
  readings!: ReadingRepository;
  runs!: BillRunStore;
  holders!: CreditHolders;
  queries!: BillQueries;
  runner!: BillRunner;
  settlement!: SettlementHandler;
  kafka!: KafkaConnection;
  private relayInstance?: OutboxRelay;
  private consumer?: Consumer;

  async setUp(): Promise<this> {
    this.connection = await mongoose
      .createConnection(infra.mongoUri, { dbName: uniqueName('it-billing') })
      .asPromise();
    this.store = new EventStore(this.connection);
    await this.store.ensureIndexes();
    this.customers = new CustomerRepository(this.connection);
    this.readings = new ReadingRepository(this.connection);
    await this.readings.ensureIndexes();
    this.runs = new BillRunStore(this.connection);
    this.holders = new CreditHolders(this.connection);
    this.queries = new BillQueries(this.store);
    this.runner = new BillRunner(
      this.store,
      this.connection,
      this.customers,
      this.readings,
      this.holders,
      this.runs,
      this.logger,
    );
    this.settlement = new SettlementHandler(this.store, this.connection, this.holders, this.queries);
    this.kafka = new KafkaConnection({ clientId: 'billing-test', brokers: infra.kafkaBrokers }, this.logger);
    await this.kafka.start();
    await this.kafka.ensureTopics([this.billsTopic]);
    return this;
  }

  async tearDown(): Promise<void> {
    await this.consumer?.disconnect();
    await this.relayInstance?.stop();
    await this.kafka?.close();
    await this.connection?.dropDatabase().catch(() => undefined);
    await this.connection?.close();
  }

  startRelay(): OutboxRelay {
    this.relayInstance = new OutboxRelay(this.store, this.connection, this.kafka.producer, this.logger, {
      service: this.prefix,
      topicPrefix: this.prefix,
      idleDelayMs: 20,
    });
    this.relayInstance.start();
    return this.relayInstance;
  }

  /** Collects every envelope published on the harness's bills topic, from the beginning. */
  async collectBillEvents(): Promise<EventEnvelope[]> {
    const received: EventEnvelope[] = [];
    this.consumer = this.kafka.createConsumer({ groupId: uniqueName('it-billing-reader') });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.billsTopic], fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) received.push(JSON.parse(String(message.value)));
      },
    });
    return received;
  }
}
