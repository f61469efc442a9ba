import { mongo, type Connection } from 'mongoose';
import type { EventEnvelope } from '@gridpay/contracts';
import type { DomainEvent } from '@gridpay/shared/ddd';
import { uuidv7 } from '@gridpay/shared/ids';

export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  type: E['type'];
  data: E['data'];
  /** Position in its stream, from 1. */
  version: number;
  occurredAt: string;
}

/**
 * One append: the events of one decision, written in a single document (no multi-document
 * transactions on our servers). The same document is the outbox: `outbox` holds the integration
 * events to publish and `published` says whether the relay has sent them.
 */
export interface Commit<E extends DomainEvent = DomainEvent> {
  _id: mongo.ObjectId;
  streamId: string;
  /** Version of the first event; unique with streamId, which is what makes appends optimistic. */
  startVersion: number;
  endVersion: number;
  partitionKey: string;
  events: StoredEvent<E>[];
  outbox: EventEnvelope[];
  committedAt: Date;
  published: boolean;
}

export interface AppendRequest<E extends DomainEvent = DomainEvent> {
  streamId: string;
  /** The stream's version the decision was made on (0 for a new stream). */
  expectedVersion: number;
  events: E[];
  partitionKey: string;
  outbox?: EventEnvelope[];
  occurredAt?: string;
}

export class StreamVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} moved past version ${expectedVersion}`);
    this.name = 'StreamVersionConflict';
  }
}

export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === DUPLICATE_KEY;
}

interface BulkWriteFailure {
  code?: number;
  writeErrors?: Array<{ index: number; code: number }>;
  result?: { insertedCount?: number };
  insertedCount?: number;
}

export class EventStore {
  constructor(
    private readonly connection: Connection,
    readonly collectionName = 'event_commits',
  ) {}

  get commits(): mongo.Collection<Commit> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db.collection<Commit>(this.collectionName);
  }

  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex(
      { streamId: 1, startVersion: 1 },
      { unique: true, name: 'stream_version' },
    );
    await this.commits.createIndex({ published: 1, _id: 1 }, { name: 'outbox' });
  }

  private toCommit<E extends DomainEvent>(request: AppendRequest<E>, committedAt: Date): Commit<E> {
    const occurredAt = request.occurredAt ?? committedAt.toISOString();
    const outbox = request.outbox ?? [];
    return {
      _id: new mongo.ObjectId(),
      streamId: request.streamId,
      startVersion: request.expectedVersion + 1,
      endVersion: request.expectedVersion + request.events.length,
      partitionKey: request.partitionKey,
      events: request.events.map((event, i) => ({
        eventId: uuidv7(),
        type: event.type,
        data: event.data,
        version: request.expectedVersion + 1 + i,
        occurredAt,
      })),
      outbox,
      committedAt,
      published: outbox.length === 0,
    };
  }

  /** Appends one decision; throws StreamVersionConflict when another writer got there first. */
  async append<E extends DomainEvent>(request: AppendRequest<E>): Promise<Commit<E>> {
    if (request.events.length === 0) throw new Error('append needs at least one event');
    const commit = this.toCommit(request, new Date());
    try {
      await this.commits.insertOne(commit as unknown as Commit);
    } catch (error) {
      if (isDuplicateKey(error)) throw new StreamVersionConflict(request.streamId, request.expectedVersion);
      throw error;
    }
    return commit;
  }

  /**
   * Appends many decisions on different streams in one round trip (bill runs). Each is still its own
   * commit: those whose stream moved on are returned as conflicts, the rest are stored.
   */
  async appendMany<E extends DomainEvent>(
    requests: AppendRequest<E>[],
  ): Promise<{ appended: Commit<E>[]; conflicts: AppendRequest<E>[] }> {
    if (requests.length === 0) return { appended: [], conflicts: [] };
    const committedAt = new Date();
    const commits = requests.map((request) => this.toCommit(request, committedAt));
    try {
      await this.commits.insertMany(commits as unknown as Commit[], { ordered: false });
      return { appended: commits, conflicts: [] };
    } catch (error) {
      const failure = error as BulkWriteFailure;
      const writeErrors = failure.writeErrors ?? [];
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      const failed = new Set(writeErrors.map((e) => e.index));
      return {
        appended: commits.filter((_, i) => !failed.has(i)),
        conflicts: requests.filter((_, i) => failed.has(i)),
      };
    }
  }

  async load<E extends DomainEvent>(
    streamId: string,
  ): Promise<{ version: number; events: StoredEvent<E>[] }> {
    const commits = await this.commits.find({ streamId }).sort({ startVersion: 1 }).toArray();
    const events = commits.flatMap((commit) => commit.events as StoredEvent<E>[]);
    return { version: events.length === 0 ? 0 : events[events.length - 1].version, events };
  }

  /** Every commit in append order, page by page (projection rebuilds, audits). */
  async *readAll(batchSize = 1000, after?: mongo.ObjectId): AsyncGenerator<Commit[]> {
    let last = after;
    for (;;) {
      const page = await this.commits
        .find(last ? { _id: { $gt: last } } : {})
        .sort({ _id: 1 })
        .limit(batchSize)
        .toArray();
      if (page.length === 0) return;
      yield page;
      last = page[page.length - 1]._id;
    }
  }
}
