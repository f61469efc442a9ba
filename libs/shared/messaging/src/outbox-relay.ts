import type { LoggerService } from '@nestjs/common';
import type { Producer, TopicMessages } from 'kafkajs';
import type { Connection } from 'mongoose';
import { topicOf, type EventType } from '@gridpay/contracts';
import type { Commit, EventStore } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { Lease } from './lease';
import { startPublishSpan } from './message-tracing';

export interface OutboxRelayOptions {
  /** The service whose outbox this is; also the lease name. */
  service: string;
  batchSize?: number;
  /** Wait between polls while the outbox is empty. */
  idleDelayMs?: number;
  leaseTtlMs?: number;
  instanceId?: string;
  /** Prepended to every topic name (isolated test and benchmark runs). */
  topicPrefix?: string;
}

export interface RelayStats {
  published: number;
  batches: number;
  failures: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drains the event store's unpublished commits to Kafka, oldest first and in stream order, keyed by
 * partition key, then marks them published. Kafka down: the backlog waits in MongoDB and drains when
 * it returns. A crash between send and mark publishes a commit again, which consumers drop by event id.
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, batches: 0, failures: 0 };
  private readonly lease: Lease;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly topicPrefix: string;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly store: EventStore,
    connection: Connection,
    private readonly producer: Producer,
    private readonly logger: LoggerService,
    options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleDelayMs = options.idleDelayMs ?? 50;
    this.topicPrefix = options.topicPrefix ?? '';
    this.lease = new Lease(
      connection,
      `outbox-relay:${options.service}`,
      options.instanceId ?? uuidv7(),
      options.leaseTtlMs ?? 10_000,
    );
  }

  get isLeader(): boolean {
    return this.lease.isHeld;
  }

  backlog(): Promise<number> {
    return this.store.commits.countDocuments({ published: false });
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.running = undefined;
    await this.lease.release().catch(() => undefined);
  }

  private async loop(): Promise<void> {
    await this.lease.ensureIndexes().catch(() => undefined);
    let failingSince: number | undefined;
    let delay = 200;
    while (!this.stopping) {
      try {
        if (!(await this.lease.hold())) {
          await sleep(this.lease.ttlMs / 4);
          continue;
        }
        const published = await this.publishBatch();
        if (failingSince !== undefined) {
          this.logger.log(
            `outbox relay publishing again after ${Math.round((Date.now() - failingSince) / 1000)} s`,
          );
          failingSince = undefined;
          delay = 200;
        }
        if (published === 0) await sleep(this.idleDelayMs);
      } catch (error) {
        this.stats.failures++;
        if (failingSince === undefined) {
          failingSince = Date.now();
          this.logger.warn(
            `outbox relay cannot publish (${(error as Error).message}); the backlog waits in MongoDB and is retried`,
          );
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /** Publishes one batch if this instance holds the lease. Returns how many events were sent. */
  async publishBatch(): Promise<number> {
    if (!this.lease.isHeld && !(await this.lease.hold())) return 0;
    const commits = await this.withPredecessors(
      await this.store.commits.find({ published: false }).sort({ _id: 1 }).limit(this.batchSize).toArray(),
    );
    if (commits.length === 0) return 0;

    const byTopic = new Map<string, TopicMessages>();
    const spans = [];
    for (const commit of commits) {
      for (const envelope of commit.outbox) {
        const topic = this.topicPrefix + topicOf(envelope.type as EventType);
        const { span, headers } = startPublishSpan(envelope, topic);
        spans.push(span);
        const entry = byTopic.get(topic) ?? { topic, messages: [] };
        entry.messages.push({
          key: envelope.partitionKey,
          value: JSON.stringify(envelope),
          headers: { ...headers, 'event-id': envelope.eventId, 'event-type': envelope.type },
        });
        byTopic.set(topic, entry);
      }
    }
    try {
      if (byTopic.size > 0) await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
    } finally {
      for (const span of spans) span.end();
    }
    if (!this.lease.isHeld) {
      // Sent, but the lease ran out meanwhile: leave the marks to the new holder (it re-sends; consumers dedupe).
      return spans.length;
    }
    await this.store.commits.updateMany(
      { _id: { $in: commits.map((commit) => commit._id) } },
      { $set: { published: true } },
    );
    this.stats.published += spans.length;
    this.stats.batches++;
    return spans.length;
  }

  /**
   * Commits of one stream made by different processes in the same second can sort out of version
   * order by _id, so a page may hold a stream's later commit without its earlier one. Pull in the
   * unpublished predecessors and order each stream by version.
   */
  private async withPredecessors(page: Commit[]): Promise<Commit[]> {
    const lowest = new Map<string, number>();
    for (const commit of page) {
      lowest.set(commit.streamId, Math.min(lowest.get(commit.streamId) ?? Infinity, commit.startVersion));
    }
    const continuing = [...lowest].filter(([, version]) => version > 1);
    let commits = page;
    if (continuing.length > 0) {
      const earlier = await this.store.commits
        .find({
          published: false,
          $or: continuing.map(([streamId, version]) => ({ streamId, startVersion: { $lt: version } })),
        })
        .toArray();
      if (earlier.length > 0) commits = [...earlier, ...page];
    }
    const firstSeen = new Map<string, number>();
    commits.forEach((commit, i) =>
      firstSeen.set(commit.streamId, Math.min(firstSeen.get(commit.streamId) ?? i, i)),
    );
    return [...commits].sort(
      (a, b) =>
        (firstSeen.get(a.streamId) ?? 0) - (firstSeen.get(b.streamId) ?? 0) ||
        (a.streamId === b.streamId ? a.startVersion - b.startVersion : 0),
    );
  }
}
