import type { LoggerService } from '@nestjs/common';
import type { Producer, TopicMessages } from 'kafkajs';
import type { Connection } from 'mongoose';
import { topicOf, type EventType } from '@gridpay/contracts';
import { EventStore, type OutboxEntry } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { Lease } from './lease';
import { startPublishSpan } from './message-tracing';
import { connectedDb } from '@gridpay/shared/mongo';
import { sleep } from './sleep';

/** Entry ids per delete after a round: well under the 16 MiB command limit. */
const DELETE_CHUNK = 5_000;

export interface OutboxRelayOptions {
  /** The service whose outbox this is; also the lease name. */
  service: string;
  /** Entries per send to Kafka. */
  batchSize?: number;
  /** Entries per round: read by one cursor, removed by one delete once sent. */
  roundSize?: number;
  /** Wait between polls while the outbox is empty. */
  idleDelayMs?: number;
  leaseTtlMs?: number;
  instanceId?: string;
  /** Prepended to every topic name (isolated test and benchmark runs). */
  topicPrefix?: string;
  /** How often the leader looks for commits whose outbox entry was lost. */
  sweepEveryMs?: number;
  /** A commit younger than this may still be getting its entry from its writer: the sweep leaves it. */
  sweepSettleMs?: number;
}

export interface RelayStats {
  published: number;
  batches: number;
  failures: number;
}

/** Below the broker's default message.max.bytes (1 MiB), even if every message lands in one partition. */
const MAX_REQUEST_BYTES = 900 * 1024;

function* chunksUnder(maxBytes: number, byTopic: Map<string, TopicMessages>): Generator<TopicMessages[]> {
  let chunk = new Map<string, TopicMessages>();
  let bytes = 0;
  for (const [topic, { messages }] of byTopic) {
    for (const message of messages) {
      const size = String(message.value).length + 200;
      if (bytes + size > maxBytes && bytes > 0) {
        yield [...chunk.values()];
        chunk = new Map();
        bytes = 0;
      }
      const entry = chunk.get(topic) ?? { topic, messages: [] };
      entry.messages.push(message);
      chunk.set(topic, entry);
      bytes += size;
    }
  }
  if (bytes > 0) yield [...chunk.values()];
}

/**
 * Drains the event store's outbox to Kafka, oldest first and in stream order, keyed by partition key,
 * then records them published and removes them from the outbox. Kafka down: the backlog waits in
 * MongoDB and drains when it returns. A crash between send and removal publishes a commit again,
 * which consumers drop by event id.
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, batches: 0, failures: 0 };
  private readonly lease: Lease;
  private readonly batchSize: number;
  private readonly roundSize: number;
  private readonly idleDelayMs: number;
  private readonly topicPrefix: string;
  private readonly sweepEveryMs: number;
  private readonly sweepSettleMs: number;
  /** Writers in flight when a sweep starts are covered by the next one's overlap. */
  private readonly sweepWindowMs = 10 * 60_000;
  private lastSweep: number;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly store: EventStore,
    private readonly connection: Connection,
    private readonly producer: Producer,
    private readonly logger: LoggerService,
    options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    // FerretDB pushes no sort on a field down to PostgreSQL: every round reads, decodes and sorts the
    // whole outbox whatever its limit, so a round takes all it can (the 100,000-customer bill run
    // benchmark: 20,000 → 100,000 per round took FerretDB's CPU per bill from 1.49 to 1.10 ms). Sent
    // batches are not kept in memory.
    this.roundSize = options.roundSize ?? 100_000;
    this.idleDelayMs = options.idleDelayMs ?? 50;
    this.topicPrefix = options.topicPrefix ?? '';
    this.sweepEveryMs = options.sweepEveryMs ?? 5 * 60_000;
    this.sweepSettleMs = options.sweepSettleMs ?? 10_000;
    // The first sweep comes once the settle time has passed since start (it then covers what a
    // crashed predecessor left unqueued) and the outbox is idle, instead of holding up a backlog.
    this.lastSweep = Date.now() - this.sweepEveryMs + this.sweepSettleMs;
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
    return this.store.outboxEntries.countDocuments({});
  }

  /**
   * Puts back the outbox entries of commits written since `since` whose writer died between the
   * commit and its entry. Compares against what this relay has published since (the ledger).
   */
  async sweep(since: Date, until = new Date(Date.now() - this.sweepSettleMs)): Promise<number> {
    const queued = new Set(
      (await this.store.outboxEntries.find({}, { projection: { _id: 1 } }).toArray()).map((e) => e._id),
    );
    const published = new Set(
      (
        await this.ledger
          .find({ publishedAt: { $gte: new Date(since.getTime() - this.sweepWindowMs) } })
          .toArray()
      ).flatMap((e) => (e.commits === undefined ? [e._id] : (JSON.parse(e.commits) as string[]))),
    );
    let requeued = 0;
    for await (const commits of this.store.readAll(1000, since)) {
      const lost = commits.filter(
        (c) => c.committedAt <= until && c.outbox.length > 0 && !queued.has(c._id) && !published.has(c._id),
      );
      if (lost.length > 0) {
        await this.store.enqueue(lost);
        requeued += lost.length;
      }
    }
    if (requeued > 0)
      this.logger.warn(`outbox sweep re-queued ${requeued} commits whose outbox entry was never written`);
    return requeued;
  }

  /**
   * One document per batch sent, naming its commits (a JSON array as text). Documents of one commit each,
   * with the commit id as _id and no `commits`, were written before and still count.
   */
  private get ledger() {
    return connectedDb(this.connection).collection<{ _id: string; publishedAt: Date; commits?: string }>(
      `${this.store.collectionName}_published`,
    );
  }

  private get sweeps() {
    return connectedDb(this.connection).collection<{ _id: string; sweptUntil: Date }>(
      `${this.store.collectionName}_sweeps`,
    );
  }

  /** Sweeps from where the last sweep ended (minus a margin for writers in flight) and prunes the ledger. */
  private async sweepSinceLast(): Promise<void> {
    const started = new Date(Date.now() - this.sweepSettleMs);
    const last = await this.sweeps.findOne({ _id: 'outbox' });
    const since = last ? new Date(last.sweptUntil.getTime() - this.sweepWindowMs) : new Date(0);
    await this.sweep(since, started);
    await this.sweeps.replaceOne({ _id: 'outbox' }, { sweptUntil: started }, { upsert: true });
    await this.ledger.deleteMany({ publishedAt: { $lt: new Date(since.getTime() - this.sweepWindowMs) } });
    this.lastSweep = Date.now();
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
        // Sweeps scan the store: done while the outbox is idle, or when one is overdue under load.
        const sinceSweep = Date.now() - this.lastSweep;
        if ((published === 0 && sinceSweep > this.sweepEveryMs) || sinceSweep > 3 * this.sweepEveryMs) {
          await this.sweepSinceLast();
        }
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

  /**
   * Publishes one round of the outbox, oldest first, if this instance holds the lease: up to
   * `roundSize` entries read through one sorted cursor, sent `batchSize` at a time, then removed.
   * On FerretDB every query other than an `_id` lookup scans the collection, so a round costs a few
   * scans however many batches it holds. Returns how many events were sent.
   *
   * A crash before the delete sends the round again: consumers drop the duplicates. See
   * removeSent for the writer that inserts behind the cursor.
   */
  async publishBatch(): Promise<number> {
    if (!this.lease.isHeld && !(await this.lease.hold())) return 0;
    const cursor = this.store.outboxEntries
      .find({})
      .sort({ seq: 1 })
      .limit(this.roundSize)
      .batchSize(this.batchSize);
    let sent = 0;
    const sentIds = new Set<string>();
    let lastSeq: string | undefined;
    let batch: OutboxEntry[] = [];
    const flush = async () => {
      sent += await this.publish(inStreamOrder(batch));
      for (const entry of batch) sentIds.add(entry._id);
      lastSeq = batch[batch.length - 1].seq;
      batch = [];
    };
    try {
      for await (const entry of cursor) {
        batch.push(EventStore.decodeEntry(entry));
        if (batch.length >= this.batchSize) {
          await flush();
          // A round can outlast the lease under load: renew it, or stop sending if another took over.
          if (this.stopping || !(await this.lease.hold())) break;
        }
      }
      if (batch.length > 0 && !this.stopping && (await this.lease.hold())) await flush();
    } finally {
      await cursor.close().catch(() => undefined);
    }
    // Sent, but the lease ran out meanwhile: the new holder sends them again; consumers dedupe.
    if (lastSeq !== undefined && (await this.lease.hold())) await this.removeSent(sentIds, lastSeq);
    return sent;
  }

  /**
   * A writer takes its entry's `seq` just before inserting it; under load the insert can land seconds
   * later, behind a round's cursor. A plain delete of the round's `seq` range would drop that entry
   * unsent and leave it to the sweep (minutes: in the demo 62 events came five minutes late). So the
   * range is deleted only when it holds nothing but what was sent; otherwise the sent entries are
   * deleted by id, which FerretDB evaluates slowly (about 6 s for 20,000) but rarely has to. An
   * insert landing between the check and the delete is still left to the sweep.
   */
  private async removeSent(sentIds: Set<string>, lastSeq: string): Promise<void> {
    const inRange = await this.store.outboxEntries
      .find({ seq: { $lte: lastSeq } }, { projection: { _id: 1 } })
      .toArray();
    if (inRange.every((entry) => sentIds.has(entry._id))) {
      await this.store.outboxEntries.deleteMany({ seq: { $lte: lastSeq } });
      return;
    }
    const ids = [...sentIds];
    for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
      await this.store.outboxEntries.deleteMany({ _id: { $in: ids.slice(i, i + DELETE_CHUNK) } });
    }
  }

  /** Sends the entries' events in order and records them in the published ledger. */
  private async publish(entries: OutboxEntry[]): Promise<number> {
    const byTopic = new Map<string, TopicMessages>();
    const spans = [];
    for (const entry of entries) {
      for (const envelope of entry.outbox) {
        const topic = this.topicPrefix + topicOf(envelope.type as EventType);
        const { span, headers } = startPublishSpan(envelope, topic);
        spans.push(span);
        const messages = byTopic.get(topic) ?? { topic, messages: [] };
        messages.messages.push({
          key: envelope.partitionKey,
          value: JSON.stringify(envelope),
          headers: { ...headers, 'event-id': envelope.eventId, 'event-type': envelope.type },
        });
        byTopic.set(topic, messages);
      }
    }
    try {
      for (const chunk of chunksUnder(MAX_REQUEST_BYTES, byTopic)) {
        await this.producer.sendBatch({ topicMessages: chunk, acks: -1 });
      }
    } finally {
      for (const span of spans) span.end();
    }
    await this.ledger.insertOne({
      _id: uuidv7(),
      publishedAt: new Date(),
      commits: JSON.stringify(entries.map((entry) => entry._id)),
    });
    this.stats.published += spans.length;
    this.stats.batches++;
    return spans.length;
  }
}

/**
 * Entries of one stream written by different processes in the same millisecond can sort out of
 * version order by seq: keep each stream's entries in version order, streams in first-seen order.
 */
function inStreamOrder(entries: OutboxEntry[]): OutboxEntry[] {
  const firstSeen = new Map<string, number>();
  entries.forEach((entry, i) => {
    if (!firstSeen.has(entry.streamId)) firstSeen.set(entry.streamId, i);
  });
  return [...entries].sort(
    (a, b) =>
      (firstSeen.get(a.streamId) ?? 0) - (firstSeen.get(b.streamId) ?? 0) ||
      (a.streamId === b.streamId ? a.startVersion - b.startVersion : 0),
  );
}
