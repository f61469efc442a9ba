import type { Connection, mongo } from 'mongoose';
import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';
import type { EventHandler } from './event-consumer';

/** A projected document with the ids of the last events applied to it (its own dedupe). */
export interface ProjectedDoc<Doc> {
  _id: string;
  state: Doc;
  applied: string[];
}

interface ProjectionPointer {
  _id: string;
  version: number;
  collection: string;
  rebuiltAt?: Date;
}

export type EventPages = AsyncIterable<KnownEvent[]>;

/**
 * Stores a pure projection in MongoDB. Each document remembers the last event ids applied to it, so
 * a redelivered event changes nothing, and the effect and its dedupe mark are one single-document
 * write. One writer per document: keys must come from the events' partition key (one consumer per
 * partition), or the projection runs in a single instance.
 */
export class ProjectionStore<Doc> implements EventHandler {
  private readonly appliedWindow: number;

  constructor(
    private readonly connection: Connection,
    readonly projection: Projection<KnownEvent, Doc>,
    { appliedWindow = 64 } = {},
  ) {
    this.appliedWindow = appliedWindow;
  }

  private get db(): mongo.Db {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db;
  }

  private get pointers(): mongo.Collection<ProjectionPointer> {
    return this.db.collection<ProjectionPointer>('projections');
  }

  private get baseName(): string {
    return `proj_${this.projection.name}_v${this.projection.version}`;
  }

  /** The collection readers and the live consumer use now (changes when a rebuild is swapped in). */
  async activeCollection(): Promise<mongo.Collection<ProjectedDoc<Doc>>> {
    const pointer = await this.pointers.findOne({
      _id: this.projection.name,
      version: this.projection.version,
    });
    return this.db.collection<ProjectedDoc<Doc>>(pointer?.collection ?? this.baseName);
  }

  async handle(events: KnownEvent[]): Promise<void> {
    await this.applyTo(await this.activeCollection(), events);
  }

  async get(key: string): Promise<Doc | undefined> {
    const doc = await (await this.activeCollection()).findOne({ _id: key });
    return doc?.state;
  }

  async all(): Promise<Array<{ key: string; state: Doc }>> {
    const docs = await (await this.activeCollection()).find({}).sort({ _id: 1 }).toArray();
    return docs.map((doc) => ({ key: doc._id, state: doc.state }));
  }

  private async applyTo(
    collection: mongo.Collection<ProjectedDoc<Doc>>,
    events: KnownEvent[],
  ): Promise<void> {
    const byKey = new Map<string, KnownEvent[]>();
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === undefined) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    if (byKey.size === 0) return;
    const existing = await collection.find({ _id: { $in: [...byKey.keys()] } }).toArray();
    const docs = new Map(existing.map((doc) => [doc._id, doc]));
    const writes: mongo.AnyBulkWriteOperation<ProjectedDoc<Doc>>[] = [];
    for (const [key, keyEvents] of byKey) {
      const doc = docs.get(key) ?? { _id: key, state: this.projection.initial(key), applied: [] };
      let changed = false;
      for (const event of keyEvents) {
        if (doc.applied.includes(event.eventId)) continue;
        doc.state = this.projection.evolve(doc.state, event);
        doc.applied.push(event.eventId);
        changed = true;
      }
      if (!changed) continue;
      doc.applied = doc.applied.slice(-this.appliedWindow);
      writes.push({ replaceOne: { filter: { _id: key }, replacement: doc, upsert: true } });
    }
    if (writes.length > 0) await collection.bulkWrite(writes, { ordered: true });
  }

  /**
   * Rebuilds the projection from the beginning into a fresh collection while the live one keeps
   * serving, swaps it in, then replays what arrived meanwhile (documents drop what they already
   * applied). `pages(since)` yields the events again; `since` is what the first pass returned.
   */
  async rebuild<Cursor>(
    pages: (since?: Cursor) => { events: EventPages; position: () => Cursor | undefined },
  ): Promise<{ collection: string; events: number }> {
    const name = `${this.baseName}_r${Date.now().toString(36)}`;
    const target = this.db.collection<ProjectedDoc<Doc>>(name);
    let count = 0;
    const first = pages();
    for await (const page of first.events) {
      await this.applyTo(target, page);
      count += page.length;
    }
    const previous = await this.activeCollection();
    await this.pointers.replaceOne(
      { _id: this.projection.name },
      { version: this.projection.version, collection: name, rebuiltAt: new Date() },
      { upsert: true },
    );
    const catchUp = pages(first.position());
    for await (const page of catchUp.events) {
      await this.applyTo(target, page);
      count += page.length;
    }
    if (previous.collectionName !== name) await previous.drop().catch(() => undefined);
    return { collection: name, events: count };
  }
}
