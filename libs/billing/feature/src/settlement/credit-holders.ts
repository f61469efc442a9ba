import type { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

/**
 * The customers who have ever had credit, so a bill run loads the credit stream of those few only.
 * Insert-only; a holder whose balance went back to zero stays listed and costs one stream load.
 */
export class CreditHolders {
  constructor(private readonly connection: Connection) {}

  private get holders(): mongo.Collection<{ _id: string; since: Date }> {
    return connectedDb(this.connection).collection<{ _id: string; since: Date }>('credit_holders');
  }

  async add(customerCode: string): Promise<void> {
    try {
      await this.holders.insertOne({ _id: customerCode, since: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async all(): Promise<Set<string>> {
    const docs = await this.holders.find({}).toArray();
    return new Set(docs.map((doc) => doc._id));
  }
}
