import { Global, Module, type INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { topicOf, type KnownEvent } from '@gridpay/contracts';
import { PlatformConfig } from '@gridpay/shared/config';
import { EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { ConsumerHost } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { createServiceApp } from '@gridpay/shared/service';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { ReportingModule } from './reporting.module';

/** Consumer groups without the relay: reporting publishes nothing of its own. */
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
/** Customer codes no other run used: a run tag in the unit part, then the serial. */
export function freshCodes(): (n: number) => string {
  serial++;
  const tag = `${Date.now().toString(36).slice(-3)}${serial}`.toUpperCase().slice(-4).padStart(4, '0');
  return (n: number) => `RT${tag}${String(n).padStart(7, '0')}`;
}

/** A UUIDv7 with the current time, unique within the run. */
let sequence = 0;
export function uuidv7(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  sequence = (sequence + 1) % 0xfff;
  const random = Array.from({ length: 15 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-8${random.slice(0, 3)}-${random.slice(3)}`;
}

/**
 * reporting as a real Nest app on a free port, on the real MongoDB-wire server (a database of its
 * own) and Kafka (topics and consumer groups of its own).
 */
export class ReportingHarness {
  readonly topicPrefix = `${uniqueName('it-rep')}.`;
  app!: INestApplication;
  url!: string;
  kafka!: KafkaConnection;
  connection!: Connection;

  async setUp(): Promise<this> {
    const config = Object.assign(new PlatformConfig(), {
      PORT: 0,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName('it-rep'),
      LOG_LEVEL: 'warn' as const,
    });
    this.app = await createServiceApp(
      {
        name: 'reporting-test',
        title: 'test',
        config: PlatformConfig,
        modules: () => [
          TestBackboneModule,
          ReportingModule.forRoot({
            topicPrefix: this.topicPrefix,
            groupPrefix: uniqueName('it-rep'),
            cacheMs: 0,
          }),
        ],
      },
      config,
      new JsonLogger('reporting-test', 'error'),
    );
    await this.app.listen(0, '127.0.0.1');
    this.url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.kafka = this.app.get(KafkaConnection);
    this.connection = this.app.get<Connection>(MONGO_CONNECTION);
    await waitFor(
      'MongoDB and Kafka connected',
      async () => (await this.get('/health/ready')).status === 200,
    );
    return this;
  }

  async tearDown(): Promise<void> {
    await this.connection?.dropDatabase().catch(() => undefined);
    await this.app?.close();
  }

  topicOf(event: KnownEvent): string {
    return this.topicPrefix + topicOf(event.type);
  }

  /** Publishes events to their (prefixed) topics keyed by partition key, as the producers' relays do. */
  async publish(events: KnownEvent[]): Promise<void> {
    const byTopic = new Map<string, KnownEvent[]>();
    for (const event of events)
      byTopic.set(this.topicOf(event), [...(byTopic.get(this.topicOf(event)) ?? []), event]);
    await this.kafka.ensureTopics([...byTopic.keys()]);
    await this.kafka.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((event) => ({ key: event.partitionKey, value: JSON.stringify(event) })),
      })),
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async get(path: string): Promise<{ status: number; headers: Headers; text: string; body: any }> {
    const response = await fetch(this.url + path);
    // Decoded by Buffer, not response.text(), which drops a byte order mark.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async put(path: string, payload: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(this.url + path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: await response.json() };
  }
}
