import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { LoggerService } from '@nestjs/common';
import { connectInBackground, type BackgroundConnection } from '@gridpay/shared/health';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Put before the service's consumer group names (KAFKA_GROUP_PREFIX); see consumerGroup(). */
  groupPrefix?: string;
}

// While a broker is unreachable kafkajs logs every reconnect attempt; connectInBackground and the
// readiness probe already say so once, clearly.
const UNREACHABLE = /^(Connection error|Failed to connect to seed broker|Connection timeout)/;

function kafkaLogCreator(logger: LoggerService) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _origin, ...extra } = log;
      if (UNREACHABLE.test(message)) return;
      const fields = { ...extra, origin: 'kafkajs' };
      if (level <= KafkaLogLevel.ERROR) logger.error(message, fields);
      else logger.warn(message, fields);
    };
}

/**
 * One Kafka client per service: a producer connected in the background, consumers created through
 * it (so shutdown makes each leave its group), and a readiness probe.
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  readonly producer: Producer;
  private readonly probe: Kafka;
  private probeAdmin?: Admin;
  private readonly consumers = new Set<Consumer>();
  private producerConnection?: BackgroundConnection;

  constructor(
    readonly options: KafkaOptions,
    private readonly logger: LoggerService,
  ) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: KafkaLogLevel.ERROR,
      logCreator: kafkaLogCreator(logger),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // The probe fails fast and quietly: readiness reports the reason, a log line per probe would be noise.
    this.probe = new Kafka({
      clientId: `${options.clientId}-health`,
      brokers: options.brokers,
      connectionTimeout: 1500,
      requestTimeout: 2000,
      retry: { retries: 0 },
      logLevel: KafkaLogLevel.NOTHING,
    });
  }

  /** Starts connecting the producer (once); the promise resolves when it first succeeds. */
  start(): Promise<void> {
    this.producerConnection ??= connectInBackground(
      `kafka ${this.options.brokers.join(',')}`,
      () => this.producer.connect(),
      this.logger,
    );
    return this.producerConnection.connected;
  }

  /**
   * Creates the topics that do not exist yet. Clusters often disable auto-creation, and a consumer
   * that subscribes before its topic exists waits for the next metadata refresh.
   */
  async ensureTopics(topics: string[], numPartitions = 3): Promise<void> {
    // A broker a few seconds old can answer the metadata request that follows topic creation before
    // its own metadata has caught up; the same request a moment later succeeds.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createMissingTopics(topics, numPartitions);
      } catch (error) {
        const catchingUp = (error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION';
        if (!catchingUp || attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  private async createMissingTopics(topics: string[], numPartitions: number): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions })),
          waitForLeaders: true,
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** The name one of the service's consumer groups has on this cluster: `name` behind the group prefix. */
  consumerGroup(name: string): string {
    return (this.options.groupPrefix ?? '') + name;
  }

  createConsumer(config: ConsumerConfig): Consumer {
    const consumer = this.kafka.consumer(config);
    this.consumers.add(consumer);
    return consumer;
  }

  async checkReachable(): Promise<void> {
    try {
      this.probeAdmin ??= this.probe.admin();
      await this.probeAdmin.connect();
      const cluster = await this.probeAdmin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker in cluster metadata');
    } catch (error) {
      const admin = this.probeAdmin;
      this.probeAdmin = undefined;
      await admin?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Consumers first, so each leaves its group before the producer and probe close. */
  async close(): Promise<void> {
    this.producerConnection?.stop();
    for (const consumer of this.consumers) {
      await consumer
        .disconnect()
        .catch((error: Error) => this.logger.warn(`consumer disconnect: ${error.message}`, 'Kafka'));
    }
    this.consumers.clear();
    await this.producer.disconnect().catch(() => undefined);
    await this.probeAdmin?.disconnect().catch(() => undefined);
  }
}
