import { Global, Module, type INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { PlatformConfig } from '@gridpay/shared/config';
import { EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { ConsumerHost } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { createServiceApp } from '@gridpay/shared/service';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { freePort, infra, ServiceProcess, uniqueName, waitFor } from '@gridpay/shared/testing';
import { ProviderIntegrationModule } from '../provider-integration.module';

@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [MONGO_CONNECTION],
      useFactory: async (connection: Connection) => new EventStore(connection),
    },
    ConsumerHost,
  ],
  exports: [EventStore, ConsumerHost],
})
class TestBackboneModule {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(url: string, method: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method,
    headers:
      body === undefined
        ? {}
        : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: response.status, body: text };
  }
}

/**
 * provider-integration with auto-debit as a Nest app (own database, bills topic and consumer groups)
 * in front of the real partner-sandbox process playing the bank, with a clock the test moves.
 */
export class AutoDebitHarness {
  readonly prefix = `${uniqueName('it-ad')}.`;
  readonly billsTopic = this.prefix + TOPICS.bills;
  app!: INestApplication;
  url!: string;
  store!: EventStore;
  sandbox!: ServiceProcess;
  /** Added to the real time the service reads. */
  clockOffsetMs = 0;
  private kafka!: KafkaConnection;

  async setUp(settings: { bankTimeoutMs?: number; checkAfterMs?: number } = {}): Promise<this> {
    this.sandbox = new ServiceProcess('partner-sandbox', await freePort(), { LOG_LEVEL: 'warn' });
    const config = Object.assign(new PlatformConfig(), {
      PORT: 0,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName('it-ad'),
      LOG_LEVEL: 'warn' as const,
    });
    this.app = await createServiceApp(
      {
        name: 'provider-integration-test',
        title: 'test',
        config: PlatformConfig,
        modules: () => [
          TestBackboneModule,
          ProviderIntegrationModule.forRoot({
            billsTopic: this.billsTopic,
            openBillsGroup: uniqueName('it-ad-open-bills'),
            autoDebit: {
              bankAdapterUrl: `${this.sandbox.url}/bank`,
              bankTimeoutMs: settings.bankTimeoutMs ?? 1_000,
              checkAfterMs: settings.checkAfterMs ?? 1_000,
              group: uniqueName('it-ad-debits'),
              fromBeginning: true,
              pollMs: 100,
              clock: () => new Date(Date.now() + this.clockOffsetMs),
            },
          }),
        ],
      },
      config,
      new JsonLogger('provider-integration-test', 'error'),
    );
    await this.app.listen(0, '127.0.0.1');
    this.url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.store = this.app.get(EventStore);
    this.kafka = this.app.get(KafkaConnection);
    await waitFor(
      'MongoDB and Kafka connected',
      async () => (await this.call('GET', '/health/ready')).status === 200,
    );
    await waitFor(
      'the partners seeded',
      async () => (await this.call('GET', '/admin/partners')).body.length === 11,
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor('the sandbox bank', async () => (await this.bank('GET', '/debits')).status === 200, {
      timeoutMs: 30_000,
    });
    return this;
  }

  async tearDown(): Promise<void> {
    const connection = this.app?.get<Connection>(MONGO_CONNECTION);
    await connection?.dropDatabase().catch(() => undefined);
    await this.app?.close();
    await this.sandbox?.kill();
  }

  call(method: string, path: string, body?: unknown) {
    return call(this.url + path, method, body);
  }

  bank(method: string, path: string, body?: unknown) {
    return call(`${this.sandbox.url}/bank${path}`, method, body);
  }

  async publishBillEvents(envelopes: EventEnvelope[]): Promise<void> {
    await this.kafka.ensureTopics([this.billsTopic]);
    await this.kafka.producer.send({
      topic: this.billsTopic,
      acks: -1,
      messages: envelopes.map((envelope) => ({
        key: envelope.partitionKey,
        value: JSON.stringify(envelope),
      })),
    });
  }

  /** Every integration event the service's commits hold (what the relay publishes). */
  async published(): Promise<EventEnvelope[]> {
    return (await this.store.commits.find({}).toArray()).flatMap((commit) => commit.outbox);
  }

  async debitOf(billId: string): Promise<Json> {
    const answer = await this.call('GET', `/admin/auto-debit/debits/${billId}`);
    return answer.status === 200 ? answer.body : undefined;
  }

  /** Waits until the bill's debit reaches the status. */
  waitForDebit(billId: string, status: string, timeoutMs = 20_000): Promise<Json> {
    return waitFor(
      `debit of ${billId} ${status}`,
      async () => {
        const debit = await this.debitOf(billId);
        return debit?.status === status ? debit : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }
}
