import type { Connection, mongo } from 'mongoose';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

interface LeaseTerm {
  _id: string;
  name: string;
  term: number;
  owner: string;
  expiresAt: number;
}

/**
 * A time-bound lease so that one instance of a service at a time does a job (the outbox relay).
 * Taking over inserts the next term: the unique index lets exactly one contender win it, which works
 * on FerretDB where concurrent conditional updates are not atomic. Only the holder ever updates its
 * own term document (to renew), and it stops acting before the lease runs out unless renewed.
 */
export class Lease {
  private held?: LeaseTerm;

  constructor(
    private readonly connection: Connection,
    readonly name: string,
    readonly owner: string,
    readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private get terms(): mongo.Collection<LeaseTerm> {
    return connectedDb(this.connection).collection<LeaseTerm>('leases');
  }

  async ensureIndexes(): Promise<void> {
    await this.terms.createIndex({ name: 1, term: 1 }, { unique: true, name: 'name_term' });
  }

  /** True while this owner may act; renews when half the time is used up, takes over when expired. */
  async hold(): Promise<boolean> {
    const now = this.now();
    const held = this.held;
    if (held && held.expiresAt - now > this.ttlMs / 2) return true;
    if (held && held.expiresAt > now) {
      // Renewing before expiry is safe: a contender only takes over a term it has seen expire.
      const expiresAt = now + this.ttlMs;
      await this.terms.updateOne({ _id: held._id, owner: this.owner }, { $set: { expiresAt } });
      const newer = await this.terms.countDocuments({ name: this.name, term: { $gt: held.term } });
      this.held = newer === 0 ? { ...held, expiresAt } : undefined;
      return this.held !== undefined;
    }
    this.held = undefined;
    const latest = await this.terms.find({ name: this.name }).sort({ term: -1 }).limit(1).next();
    if (latest && latest.expiresAt > now) return false;
    const term = (latest?.term ?? 0) + 1;
    const candidate: LeaseTerm = {
      _id: `${this.name}#${term}`,
      name: this.name,
      term,
      owner: this.owner,
      expiresAt: now + this.ttlMs,
    };
    try {
      await this.terms.insertOne(candidate);
      this.held = candidate;
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  get isHeld(): boolean {
    return this.held !== undefined && this.held.expiresAt > this.now();
  }

  /** Lets a standby take over at once instead of waiting for the lease to run out. */
  async release(): Promise<void> {
    if (!this.held) return;
    const held = this.held;
    this.held = undefined;
    await this.terms.updateOne({ _id: held._id, owner: this.owner }, { $set: { expiresAt: 0 } });
  }
}
