import type { LoggerService } from '@nestjs/common';
import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { Connection, mongo } from 'mongoose';
import { deadLetterTopic, readEvent, type KnownEvent } from '@gridpay/contracts';
import { isDuplicateKey, onlyDuplicates } from '@gridpay/shared/event-store';
import type { KafkaConnection } from '@gridpay/shared/kafka';
import { headersToStrings, withConsumeSpan, type KafkaHeaders } from './message-tracing';
import { connectedDb } from '@gridpay/shared/mongo';
import { sleep } from './sleep';

/** What a consumer does with events. */
export interface EventHandler {
  /**
   * Applies the events of one partition batch, in order. It must be idempotent per event id: the
   * inbox drops redeliveries, but a crash after the effect and before the inbox mark replays it.
   */
  handle(events: KnownEvent[]): Promise<void>;
}

export interface EventConsumerOptions {
  /** One group per service and purpose, e.g. "billing.settlement". */
  groupId: string;
  topics: string[];
  handler: EventHandler;
  /** A new group starts at the beginning of its topics unless told otherwise. */
  fromBeginning?: boolean;
  /** Attempts for one event before it is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Events per handler call (projections batch their writes). */
  maxBatch?: number;
  /**
   * Drop redeliveries through the inbox (default). A handler that dedupes inside its own single
   * write, as ProjectionStore does, can turn it off and save two round trips per batch.
   */
  inbox?: boolean;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
}

interface InboxEntry {
  _id: string;
  group: string;
  at: Date;
}

/** Kafka, MongoDB or network trouble: the batch is retried as a whole, never dead-lettered. */
export function isInfrastructureError(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? '';
  const message = (error as Error | undefined)?.message ?? '';
  return (
    /^Mongo(Network|ServerSelection|NotConnected|PoolCleared|Topology)/.test(name) ||
    /^KafkaJS/.test(name) ||
    /MongoDB is not connected|ECONNREFUSED|ECONNRESET|ETIMEDOUT/.test(message)
  );
}

/** The group's own topic where re-driven dead letters come back; no other group reads it. */
export function retryTopic(groupId: string): string {
  return `gridpay.retry.${groupId}`;
}

/**
 * A Kafka consumer group that: validates each event against its contract (invalid ones go to the
 * group's dead-letter topic with the reason, and the rest keep flowing); drops events it has already
 * processed (inbox by event id); retries failures with backoff, then dead-letters; and commits an
 * offset only after the effect of everything before it is stored.
 */
export class EventConsumer {
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0 };
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly connection: Connection,
    private readonly logger: LoggerService,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.createConsumer({
      groupId: options.groupId,
      // Short enough that after a broker restart the group stops waiting for the member this
      // consumer was before it reconnected; long enough for a slow batch to heartbeat in between.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    this.producer = kafka.producer;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  private get inbox(): mongo.Collection<InboxEntry> {
    return connectedDb(this.connection).collection<InboxEntry>('consumer_inbox');
  }

  async start(): Promise<void> {
    const own = [retryTopic(this.options.groupId), deadLetterTopic(this.options.groupId)];
    await this.kafka.ensureTopics([...this.options.topics, ...own]);
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.topics, retryTopic(this.options.groupId)],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    const maxBatch = this.options.maxBatch ?? 500;
    for (let start = 0; start < batch.messages.length; start += maxBatch) {
      if (!isRunning() || isStale()) return;
      const slice = batch.messages.slice(start, start + maxBatch);
      // A slice can outlast the session timeout on a loaded machine (a slow SMS operator, a busy
      // database): without heartbeats meanwhile the group drops this member and rebalances.
      const beating = setInterval(() => heartbeat().catch(() => undefined), 1_000);
      try {
        await this.process(batch.topic, batch.partition, slice);
      } finally {
        clearInterval(beating);
      }
      for (const message of slice) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async process(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const valid: Array<{ event: KnownEvent; message: KafkaMessage; headers: KafkaHeaders }> = [];
    for (const message of messages) {
      const read = readEvent(message.value ?? '');
      if (read.ok) valid.push({ event: read.event, message, headers: headersToStrings(message.headers) });
      else await this.deadLetter(topic, partition, message, `invalid event: ${read.reason}`);
    }
    if (valid.length === 0) return;

    const seen =
      this.options.inbox === false
        ? new Set<string>()
        : await this.alreadyProcessed(valid.map((v) => v.event.eventId));
    const fresh: typeof valid = [];
    for (const item of valid) {
      if (seen.has(item.event.eventId)) {
        this.stats.duplicates++;
        continue;
      }
      seen.add(item.event.eventId);
      fresh.push(item);
    }
    if (fresh.length === 0) return;

    const done: string[] = [];
    try {
      await this.handleTraced(fresh);
      done.push(...fresh.map((item) => item.event.eventId));
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      // Find the culprit: one event at a time, with retries, so good events are not held hostage.
      for (const item of fresh) {
        if (await this.handleWithRetries(item, topic, partition)) done.push(item.event.eventId);
      }
    }
    await this.markProcessed(done);
    this.stats.handled += done.length;
  }

  private handleTraced(items: Array<{ event: KnownEvent; headers: KafkaHeaders }>): Promise<void> {
    if (items.length === 1) {
      const [{ event, headers }] = items;
      return withConsumeSpan(event, headers, this.options.groupId, () =>
        this.options.handler.handle([event]),
      );
    }
    // One span per event as child of its producer span; the batch's effect is shared by all of them.
    const work = this.options.handler.handle(items.map((item) => item.event));
    return Promise.all(
      items.map(({ event, headers }) => withConsumeSpan(event, headers, this.options.groupId, () => work)),
    ).then(() => undefined);
  }

  private async handleWithRetries(
    item: { event: KnownEvent; message: KafkaMessage; headers: KafkaHeaders },
    topic: string,
    partition: number,
  ): Promise<boolean> {
    let delay = this.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handleTraced([item]);
        return true;
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(
            topic,
            partition,
            item.message,
            `failed ${attempt} times: ${(error as Error).message}`,
          );
          return false;
        }
        this.stats.retries++;
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  private async alreadyProcessed(eventIds: string[]): Promise<Set<string>> {
    // Lookups by _id, concurrently: FerretDB answers those from its index, while an $in scans.
    const found = await Promise.all(
      eventIds.map((id) =>
        this.inbox.findOne({ _id: `${this.options.groupId}|${id}` }, { projection: { _id: 1 } }),
      ),
    );
    return new Set(eventIds.filter((_, i) => found[i] !== null));
  }

  private async markProcessed(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0 || this.options.inbox === false) return;
    const at = new Date();
    const entries = eventIds.map((id) => ({
      _id: `${this.options.groupId}|${id}`,
      group: this.options.groupId,
      at,
    }));
    try {
      await this.inbox.insertMany(entries, { ordered: false });
    } catch (error) {
      if (!isDuplicateKey(error) && !onlyDuplicates(error)) throw error;
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      'dlq-reason': reason.slice(0, 2000),
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-failed-at': new Date().toISOString(),
    };
    await this.producer.send({
      topic: deadLetterTopic(this.options.groupId),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.stats.deadLettered++;
    this.logger.warn(`dead-lettered ${topic}[${partition}]@${message.offset}: ${reason}`);
  }
}
