import type { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

const PREFIX = 'partner_nonces_';

/**
 * Nonces partners used, insert-only with _id = partner:nonce, so a replay is a duplicate key however
 * many gateway instances run. Kept in one collection per UTC day of the request's signed timestamp: a
 * replayed request carries the same timestamp, so it lands in the same collection, and days older than
 * the tolerance window are dropped whole (FerretDB deletes by scanning; dropping a collection is cheap).
 */
export class NonceStore {
  constructor(private readonly connection: Connection) {}

  private collection(timestampSeconds: number): mongo.Collection<{ _id: string; at: Date }> {
    const day = new Date(timestampSeconds * 1000).toISOString().slice(0, 10).replace(/-/g, '');
    return connectedDb(this.connection).collection(`${PREFIX}${day}`);
  }

  /** Records the nonce; true when this partner already used it. */
  async seen(partnerCode: string, nonce: string, timestampSeconds: number): Promise<boolean> {
    try {
      await this.collection(timestampSeconds).insertOne({ _id: `${partnerCode}:${nonce}`, at: new Date() });
      return false;
    } catch (error) {
      if (isDuplicateKey(error)) return true;
      throw error;
    }
  }

  /** Drops the days before yesterday (UTC): their timestamps are far outside the 300 s window. */
  async dropOldDays(now = new Date()): Promise<string[]> {
    const db = connectedDb(this.connection);
    const keep = this.collection(Math.floor(now.getTime() / 1000) - 86_400).collectionName;
    const dropped: string[] = [];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      if (name.startsWith(PREFIX) && name < keep) {
        await db.dropCollection(name).catch(() => undefined);
        dropped.push(name);
      }
    }
    return dropped;
  }
}
