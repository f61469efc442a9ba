import type { Connection, mongo } from 'mongoose';
import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';
import type { EventHandler } from './event-consumer';
import { connectedDb } from '@gridpay/shared/mongo';
import { duplicateIndexes, isDuplicateKey, onlyDuplicates } from '@gridpay/shared/event-store';

/**
 * A projected document with the ids of the last events applied to it (its own dedupe), kept as one
 * space-separated string: FerretDB converts an array element by element on every write and read.
 * Documents written with the array still read.
 */
export interface ProjectedDoc<Doc> {
  _id: string;
  state: Doc;
  applied: string | string[];
}

const appliedIds = (applied: string | string[]): string[] =>
  typeof applied === 'string' ? applied.split(' ').filter(Boolean) : applied;

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
  private readonly buckets: number;

  /**
   * `buckets` spreads documents over that many collections by a hash of the key. FerretDB's lookups
   * and updates cost more the larger the collection (on SQLite it scans all of it to update one
   * document); small buckets keep them flat. On MongoDB one bucket is right.
   */
  constructor(
    private readonly connection: Connection,
    readonly projection: Projection<KnownEvent, Doc>,
    { appliedWindow = 64, buckets = Number(process.env.PROJECTION_BUCKETS ?? 1) } = {},
  ) {
    this.appliedWindow = appliedWindow;
    this.buckets = Math.max(1, Math.floor(buckets));
  }

  private get db(): mongo.Db {
    return connectedDb(this.connection);
  }

  private get pointers(): mongo.Collection<ProjectionPointer> {
    return this.db.collection<ProjectionPointer>('projections');
  }

  private get baseName(): string {
    return `proj_${this.projection.name}_v${this.projection.version}`;
  }

  /** The collections readers and the live consumer use now (change when a rebuild is swapped in). */
  async activeName(): Promise<string> {
    const pointer = await this.pointers.findOne({
      _id: this.projection.name,
      version: this.projection.version,
    });
    return pointer?.collection ?? this.baseName;
  }

  private bucketNames(name: string): string[] {
    return this.buckets === 1 ? [name] : Array.from({ length: this.buckets }, (_, i) => `${name}_b${i}`);
  }

  private collectionFor(name: string, key: string): mongo.Collection<ProjectedDoc<Doc>> {
    if (this.buckets === 1) return this.db.collection<ProjectedDoc<Doc>>(name);
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
    return this.db.collection<ProjectedDoc<Doc>>(`${name}_b${hash % this.buckets}`);
  }

  async handle(events: KnownEvent[]): Promise<void> {
    await this.applyTo(await this.activeName(), events);
  }

  async get(key: string): Promise<Doc | undefined> {
    const doc = await this.collectionFor(await this.activeName(), key).findOne({ _id: key });
    return doc?.state;
  }

  async all(): Promise<Array<{ key: string; state: Doc }>> {
    const name = await this.activeName();
    const buckets = await Promise.all(
      this.bucketNames(name).map((bucket) =>
        this.db.collection<ProjectedDoc<Doc>>(bucket).find({}).toArray(),
      ),
    );
    return buckets
      .flat()
      .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .map((doc) => ({ key: doc._id, state: doc.state }));
  }

  /** Returns how many events changed a document (redelivered ones do not). */
  private async applyTo(name: string, events: KnownEvent[]): Promise<number> {
    const byKey = new Map<string, KnownEvent[]>();
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === undefined) continue;
      const list = byKey.get(key);
      if (list) list.push(event);
      else byKey.set(key, [event]);
    }
    if (byKey.size === 0) return 0;
    const keys = [...byKey.keys()];
    // Lookups by _id, concurrently: FerretDB answers those from its index, while an $in scans.
    const existing = await Promise.all(
      keys.map((key) => this.collectionFor(name, key).findOne({ _id: key })),
    );
    const replaced: Promise<unknown>[] = [];
    const created = new Map<string, Array<{ doc: ProjectedDoc<Doc>; applied: number }>>();
    let applied = 0;
    keys.forEach((key, index) => {
      const found = existing[index];
      let state = found ? found.state : this.projection.initial(key);
      const ids = found ? appliedIds(found.applied) : [];
      let changed = 0;
      for (const event of byKey.get(key) ?? []) {
        if (ids.includes(event.eventId)) continue;
        state = this.projection.evolve(state, event);
        ids.push(event.eventId);
        changed++;
      }
      if (changed === 0) return;
      applied += changed;
      const doc = { _id: key, state, applied: ids.slice(-this.appliedWindow).join(' ') };
      const collection = this.collectionFor(name, key);
      if (found) {
        replaced.push(collection.replaceOne({ _id: key }, doc, { upsert: true }));
        return;
      }
      const batch = created.get(collection.collectionName) ?? [];
      batch.push({ doc, applied: changed });
      created.set(collection.collectionName, batch);
    });
    // New documents go in as one bulk insert per collection, far cheaper than an upsert each.
    const [late] = await Promise.all([
      Promise.all([...created].map(([collection, batch]) => this.insertNew(collection, batch))),
      Promise.all(replaced),
    ]);
    // A document that appeared since the lookup (a redelivery racing its first attempt) is folded again.
    for (const { doc, applied: counted } of late.flat()) {
      applied -= counted;
      applied += await this.applyTo(name, byKey.get(doc._id) ?? []);
    }
    return applied;
  }

  /** Inserts new documents; returns those that were there already. */
  private async insertNew(
    collection: string,
    batch: Array<{ doc: ProjectedDoc<Doc>; applied: number }>,
  ): Promise<Array<{ doc: ProjectedDoc<Doc>; applied: number }>> {
    try {
      await this.db.collection<ProjectedDoc<Doc>>(collection).insertMany(
        batch.map((b) => b.doc),
        { ordered: false },
      );
      return [];
    } catch (error) {
      if (!onlyDuplicates(error)) {
        if (isDuplicateKey(error)) return batch;
        throw error;
      }
      return duplicateIndexes(error).map((i) => batch[i]);
    }
  }

  /**
   * Rebuilds the projection from the beginning into a fresh collection while the live one keeps
   * serving, swaps it in, then replays what arrived meanwhile (documents drop what they already
   * applied). `pages(since)` yields the events again; `since` is what the first pass returned.
   */
  async rebuild<Cursor>(
    pages: (since?: Cursor) => { events: EventPages; position: () => Cursor | undefined },
  ): Promise<{ collection: string; events: number }> {
    // `events` counts the events applied, once each, over both passes.
    const name = `${this.baseName}_r${Date.now().toString(36)}`;
    let count = 0;
    const first = pages();
    for await (const page of first.events) {
      count += await this.applyTo(name, page);
    }
    const previous = await this.activeName();
    await this.pointers.replaceOne(
      { _id: this.projection.name },
      { version: this.projection.version, collection: name, rebuiltAt: new Date() },
      { upsert: true },
    );
    const catchUp = pages(first.position());
    for await (const page of catchUp.events) {
      count += await this.applyTo(name, page);
    }
    if (previous !== name) {
      for (const bucket of this.bucketNames(previous))
        await this.db
          .collection(bucket)
          .drop()
          .catch(() => undefined);
    }
    return { collection: name, events: count };
  }
}
