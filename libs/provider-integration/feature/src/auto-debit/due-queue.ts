import type { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

export interface DueEntry {
  /** `<dueAt ISO>|<billId>|<attempt>`: sorting by _id is sorting by due time. */
  _id: string;
  billId: string;
  customerCode: string;
  attempt: number;
  dueAt: string;
}

/**
 * What the auto-debit scheduler has to do and when: attempts to start and unknown outcomes to check.
 * Insert-only with deterministic ids (the same work queued twice is one document), read in _id order
 * up to now, deleted once done. It holds pending work only, so the read never scans history.
 */
export class DueQueue {
  constructor(private readonly connection: Connection) {}

  private get entries(): mongo.Collection<DueEntry> {
    return connectedDb(this.connection).collection<DueEntry>('auto_debit_due');
  }

  static idOf(dueAt: string, billId: string, attempt: number): string {
    return `${dueAt}|${billId}|${attempt}`;
  }

  async add(entry: Omit<DueEntry, '_id'>): Promise<void> {
    try {
      await this.entries.insertOne({
        _id: DueQueue.idOf(entry.dueAt, entry.billId, entry.attempt),
        ...entry,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The entries due at `now`, earliest first. */
  due(now: Date, limit: number): Promise<DueEntry[]> {
    // '|' sorts after every character of an ISO instant: this bound takes all entries due by `now`.
    return this.entries
      .find({ _id: { $lt: `${now.toISOString()}|~` } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  async remove(id: string): Promise<void> {
    await this.entries.deleteOne({ _id: id });
  }

  count(): Promise<number> {
    return this.entries.countDocuments({});
  }
}
