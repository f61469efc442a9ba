import type { Connection, mongo } from 'mongoose';
import type { CustomerRecord } from '@gridpay/billing/domain';
import { duplicateIndexes, onlyDuplicates } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

export type { CustomerRecord };

interface CustomerDoc extends CustomerRecord {
  _id: string;
  updatedAt: Date;
}

/**
 * Billing's copy of the customer system's records, one document per customer code. Written by the
 * customer-event consumer and the CSV import. New customers go in as one bulk insert (the fast path on
 * FerretDB); only the ones already there are replaced one by one.
 */
export class CustomerRepository {
  constructor(private readonly connection: Connection) {}

  private get customers(): mongo.Collection<CustomerDoc> {
    return connectedDb(this.connection).collection<CustomerDoc>('customers');
  }

  async save(records: CustomerRecord[]): Promise<{ inserted: number; updated: number }> {
    const latest = new Map(records.map((record) => [record.customerCode, record]));
    const docs = [...latest.values()].map((record) => ({
      ...record,
      _id: record.customerCode,
      updatedAt: new Date(),
    }));
    if (docs.length === 0) return { inserted: 0, updated: 0 };
    let existing: number[] = [];
    try {
      await this.customers.insertMany(docs, { ordered: false });
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
      existing = duplicateIndexes(error);
    }
    for (const index of existing) {
      await this.customers.replaceOne({ _id: docs[index]._id }, docs[index]);
    }
    return { inserted: docs.length - existing.length, updated: existing.length };
  }

  async get(customerCode: string): Promise<CustomerRecord | undefined> {
    const doc = await this.customers.findOne({ _id: customerCode });
    return doc ? withoutStorageFields(doc) : undefined;
  }

  /** Every customer by code, in one scan (bill runs, big imports). */
  async loadAll(): Promise<Map<string, CustomerRecord>> {
    const all = new Map<string, CustomerRecord>();
    for await (const doc of this.customers.find({})) all.set(doc._id, withoutStorageFields(doc));
    return all;
  }

  count(): Promise<number> {
    return this.customers.countDocuments({});
  }
}

function withoutStorageFields(doc: CustomerDoc): CustomerRecord {
  const { _id, updatedAt: _updatedAt, ...record } = doc;
  return record;
}
