import type { Connection, mongo } from 'mongoose';
import type { Preferences } from '@gridpay/notification/domain';
import { connectedDb } from '@gridpay/shared/mongo';

interface PreferencesDoc extends Preferences {
  _id: string;
  updatedAt: string;
}

/**
 * Choices customers made (channel, opt-out), one document per customer who made one; the others use
 * the defaults their contacts give. Only the internal API writes here, and a customer's choice is
 * replaced whole, so the last write wins.
 */
export class PreferencesStore {
  constructor(private readonly connection: Connection) {}

  private get docs(): mongo.Collection<PreferencesDoc> {
    return connectedDb(this.connection).collection<PreferencesDoc>('notification_preferences');
  }

  async get(customerCode: string): Promise<Preferences | undefined> {
    const doc = await this.docs.findOne({ _id: customerCode });
    return doc ? { channels: doc.channels, optOut: doc.optOut } : undefined;
  }

  async getMany(customerCodes: string[]): Promise<Map<string, Preferences>> {
    const unique = [...new Set(customerCodes)];
    const found = await Promise.all(unique.map((code) => this.get(code)));
    return new Map(unique.flatMap((code, i) => (found[i] ? [[code, found[i]] as const] : [])));
  }

  async set(customerCode: string, preferences: Preferences, at: Date): Promise<void> {
    await this.docs.replaceOne(
      { _id: customerCode },
      { channels: preferences.channels, optOut: preferences.optOut, updatedAt: at.toISOString() },
      { upsert: true },
    );
  }
}
