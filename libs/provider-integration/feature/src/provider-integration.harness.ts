import { Global, Module, type INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { PlatformConfig } from '@gridpay/shared/config';
import { buildEnvelope, EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { ConsumerHost } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { createServiceApp } from '@gridpay/shared/service';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { billIssuedData, infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { ProviderIntegrationModule, type ProviderIntegrationOptions } from './provider-integration.module';

/** EventStore and consumer groups without the relay: tests read what a commit would publish. */
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

let serial = 0;
/** A customer code no other test run used: 2 letters + 4 + 7 digits. */
export function freshCustomerCode(): string {
  serial = (serial + 1) % 100;
  const digits = `${Date.now() % 100_000}${String(serial).padStart(2, '0')}`.padStart(7, '0');
  return `PT${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}${digits.slice(-7)}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** An HTTP call with a JSON or CSV (string) body; the answer's body parsed when it is JSON. */
export async function call(
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
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
 * provider-integration as a real Nest app on a free port, on the real MongoDB-wire server (a database
 * of its own) and Kafka (a bills topic and consumer group of its own). `name` prefixes the database,
 * topic and groups.
 */
export class ProviderIntegrationHarness {
  readonly prefix: string;
  readonly billsTopic: string;
  app!: INestApplication;
  url!: string;
  store!: EventStore;
  private kafka!: KafkaConnection;

  constructor(protected readonly name = 'it-pi') {
    this.prefix = `${uniqueName(name)}.`;
    this.billsTopic = this.prefix + TOPICS.bills;
  }

  setUp(): Promise<this> {
    return this.start();
  }

  /** Starts the app with these options besides its own bills topic and open-bills group. */
  protected async start(options: ProviderIntegrationOptions = {}): Promise<this> {
    const config = Object.assign(new PlatformConfig(), {
      PORT: 0,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName(this.name),
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
            openBillsGroup: uniqueName(`${this.name}-open-bills`),
            ...options,
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
      'the 11 partners seeded',
      async () => (await this.call('GET', '/admin/partners')).body.length === 11,
      {
        timeoutMs: 30_000,
      },
    );
    return this;
  }

  async tearDown(): Promise<void> {
    const connection = this.app?.get<Connection>(MONGO_CONNECTION);
    await connection?.dropDatabase().catch(() => undefined);
    await this.app?.close();
  }

  call(method: string, path: string, body?: unknown) {
    return call(this.url + path, method, body);
  }

  /** Publishes billing's events for the projection to read, as billing's relay would. */
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

  /** Issues bills and waits until inquiry shows the last of them. */
  async issueBills(
    customerCode: string,
    bills: Array<{ period: string; amountDue: number }>,
  ): Promise<EventEnvelope[]> {
    const envelopes = bills.map((bill) => billIssued(customerCode, bill.period, bill.amountDue));
    await this.publishBillEvents(envelopes);
    const last = `${customerCode}-${bills[bills.length - 1].period}`;
    await waitFor(`${last} in the open-bills projection`, async () => {
      const answer = await this.call('GET', `/internal/bills?customerCode=${customerCode}`);
      return answer.status === 200 && answer.body.bills.some((b: { billId: string }) => b.billId === last);
    });
    return envelopes;
  }

  /** Every integration event the service's commits hold (what the relay publishes). */
  async published(): Promise<EventEnvelope[]> {
    return (await this.store.allCommits()).flatMap((commit) => commit.outbox);
  }
}

export function billIssued(customerCode: string, period: string, amountDue: number): EventEnvelope {
  const data = billIssuedData(customerCode, period, amountDue, { phone: '+84905123456' });
  return buildEnvelope('BillIssued', data, {
    producer: 'billing',
    partitionKey: customerCode,
    correlationId: 'it',
  });
}

export function billSettled(
  customerCode: string,
  period: string,
  outstanding: number,
  status: 'paid' | 'partly-paid' | 'reopened',
): EventEnvelope {
  return buildEnvelope(
    'BillSettled',
    {
      billId: `${customerCode}-${period}`,
      customerCode,
      period,
      paymentId: uniqueName('pay'),
      amountApplied: 0,
      outstanding,
      status,
      credit: 0,
      settledAt: new Date().toISOString(),
    },
    { producer: 'billing', partitionKey: customerCode, correlationId: 'it' },
  );
}
