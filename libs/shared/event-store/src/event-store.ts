import type { Connection, mongo } from 'mongoose';
import type { EventEnvelope } from '@gridpay/contracts';
import type { DomainEvent } from '@gridpay/shared/ddd';
import { uuidv7 } from '@gridpay/shared/ids';
import { connectedDb } from '@gridpay/shared/mongo';

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
 * transactions on our servers). Its _id is "<stream>:<first version>", so the unique _id index is what
 * makes appends optimistic, and loading a stream is a chain of lookups by _id.
 */
export interface Commit<E extends DomainEvent = DomainEvent> {
  _id: string;
  streamId: string;
  startVersion: number;
  endVersion: number;
  partitionKey: string;
  events: StoredEvent<E>[];
  /** The integration events this decision publishes. */
  outbox: EventEnvelope[];
  committedAt: Date;
}

/**
 * The relay's work list: one entry per commit that still has integration events to publish, written
 * right after the commit and deleted once they are on Kafka. It repeats the commit's envelopes so the
 * relay never reads the (large) commits collection: under write load FerretDB serves reads slowly.
 * A writer that dies between the two inserts leaves a commit without its entry; the relay's sweep
 * puts it back.
 */
export interface OutboxEntry {
  /** The commit's _id. */
  _id: string;
  /** UUIDv7: the order entries were written in. */
  seq: string;
  streamId: string;
  startVersion: number;
  outbox: EventEnvelope[];
}

/**
 * How commits and outbox entries are stored: the events and envelopes as JSON text. FerretDB converts
 * a nested document field by field on every write and read (a commit of 10 events inserts about four
 * times slower than the same commit as text), and nothing ever queries inside them. Documents written
 * before this, with the arrays nested, still read.
 */
export type CommitDocument = Omit<Commit, 'events' | 'outbox'> & {
  events: string | StoredEvent[];
  outbox: string | EventEnvelope[];
};
export type OutboxEntryDocument = Omit<OutboxEntry, 'outbox'> & { outbox: string | EventEnvelope[] };

const packed = <T>(value: T[]): string => JSON.stringify(value);
const unpacked = <T>(value: string | T[]): T[] =>
  typeof value === 'string' ? (JSON.parse(value) as T[]) : value;

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

/** True when every failure in a bulk insert is a duplicate key (the rows were there already). */
export function onlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: Array<{ code: number }> }).writeErrors;
  return (
    writeErrors !== undefined && writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY)
  );
}

/** The positions, in a bulk insert, of the rows refused as duplicates (see onlyDuplicates). */
export function duplicateIndexes(error: unknown): number[] {
  return (error as { writeErrors: Array<{ index: number }> }).writeErrors.map((e) => e.index);
}

export const commitId = (streamId: string, startVersion: number) => `${streamId}:${startVersion}`;

/**
 * The event store on MongoDB, shaped for what both MongoDB 7 and FerretDB do fast: single-document
 * inserts, bulk inserts and lookups by _id. Nothing in the write path updates a document.
 */
export class EventStore {
  constructor(
    private readonly connection: Connection,
    readonly collectionName = 'event_commits',
  ) {}

  private collection<T extends mongo.Document>(name: string): mongo.Collection<T> {
    return connectedDb(this.connection).collection<T>(name);
  }

  get commits(): mongo.Collection<CommitDocument> {
    return this.collection<CommitDocument>(this.collectionName);
  }

  get outboxEntries(): mongo.Collection<OutboxEntryDocument> {
    return this.collection<OutboxEntryDocument>(`${this.collectionName}_outbox`);
  }

  static decode<E extends DomainEvent = DomainEvent>(doc: CommitDocument): Commit<E> {
    return { ...doc, events: unpacked(doc.events) as StoredEvent<E>[], outbox: unpacked(doc.outbox) };
  }

  static decodeEntry(doc: OutboxEntryDocument): OutboxEntry {
    return { ...doc, outbox: unpacked(doc.outbox) };
  }

  private static encode(commit: Commit): CommitDocument {
    return { ...commit, events: packed(commit.events), outbox: packed(commit.outbox) };
  }

  /** Every commit, oldest first (tests and tools on small stores). */
  async allCommits(filter: mongo.Filter<CommitDocument> = {}): Promise<Commit[]> {
    const docs = await this.commits.find(filter).sort({ committedAt: 1, _id: 1 }).toArray();
    return docs.map((doc) => EventStore.decode(doc));
  }

  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex(
      { streamId: 1, startVersion: 1 },
      { unique: true, name: 'stream_version' },
    );
    await this.commits.createIndex({ committedAt: 1 }, { name: 'committed_at' });
    await this.outboxEntries.createIndex({ seq: 1 }, { name: 'seq' });
  }

  private toCommit<E extends DomainEvent>(request: AppendRequest<E>, committedAt: Date): Commit<E> {
    const occurredAt = request.occurredAt ?? committedAt.toISOString();
    const startVersion = request.expectedVersion + 1;
    return {
      _id: commitId(request.streamId, startVersion),
      streamId: request.streamId,
      startVersion,
      endVersion: request.expectedVersion + request.events.length,
      partitionKey: request.partitionKey,
      events: request.events.map((event, i) => ({
        eventId: uuidv7(),
        type: event.type,
        data: event.data,
        version: startVersion + i,
        occurredAt,
      })),
      outbox: request.outbox ?? [],
      committedAt,
    };
  }

  static outboxEntryOf(commit: Commit): OutboxEntryDocument {
    return {
      _id: commit._id,
      seq: uuidv7(),
      streamId: commit.streamId,
      startVersion: commit.startVersion,
      outbox: packed(commit.outbox),
    };
  }

  /** Queues commits for the relay; entries already queued are left as they are. */
  async enqueue(commits: Commit[]): Promise<void> {
    const entries = commits.filter((commit) => commit.outbox.length > 0).map(EventStore.outboxEntryOf);
    if (entries.length === 0) return;
    try {
      await this.outboxEntries.insertMany(entries, { ordered: false });
    } catch (error) {
      if (!onlyDuplicates(error) && !isDuplicateKey(error)) throw error;
    }
  }

  /** Appends one decision; throws StreamVersionConflict when another writer got there first. */
  async append<E extends DomainEvent>(request: AppendRequest<E>): Promise<Commit<E>> {
    if (request.events.length === 0) throw new Error('append needs at least one event');
    const commit = this.toCommit(request, new Date());
    try {
      await this.commits.insertOne(EventStore.encode(commit as unknown as Commit));
    } catch (error) {
      if (isDuplicateKey(error)) throw new StreamVersionConflict(request.streamId, request.expectedVersion);
      throw error;
    }
    await this.enqueue([commit as unknown as Commit]);
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
    let failed = new Set<number>();
    try {
      await this.commits.insertMany(
        commits.map((commit) => EventStore.encode(commit as unknown as Commit)),
        { ordered: false },
      );
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
      failed = new Set(duplicateIndexes(error));
    }
    const appended = commits.filter((_, i) => !failed.has(i));
    await this.enqueue(appended as unknown as Commit[]);
    return { appended, conflicts: requests.filter((_, i) => failed.has(i)) };
  }

  async load<E extends DomainEvent>(
    streamId: string,
  ): Promise<{ version: number; events: StoredEvent<E>[] }> {
    const events: StoredEvent<E>[] = [];
    let version = 0;
    for (;;) {
      const commit = await this.commits.findOne({ _id: commitId(streamId, version + 1) });
      if (!commit) return { version, events };
      events.push(...(unpacked(commit.events) as StoredEvent<E>[]));
      version = commit.endVersion;
    }
  }

  /**
   * Every commit in the order it was written, from `since` on, in pages (projection rebuilds,
   * sweeps, audits). One sorted cursor: on FerretDB each query scans the collection, so paging by
   * repeated queries would scan it once per page.
   */
  async *readAll(batchSize = 1000, since?: Date): AsyncGenerator<Commit[]> {
    const cursor = this.commits
      .find(since ? { committedAt: { $gte: since } } : {})
      .sort({ committedAt: 1, _id: 1 })
      .batchSize(batchSize);
    let page: Commit[] = [];
    try {
      for await (const commit of cursor) {
        page.push(EventStore.decode(commit));
        if (page.length >= batchSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }
}
