import type { Connection, mongo } from 'mongoose';
import { connectedDb } from '@gridpay/shared/mongo';

export type BillRunStatus = 'running' | 'completed' | 'failed';

/** Where a period's bill run is: what staff and the progress bar see. */
export interface BillRunProgress {
  period: string;
  runId: string;
  status: BillRunStatus;
  /** Readings of the period: the bills the run must end with. */
  total: number;
  /** Readings handled so far, in customer-code order (where a resumed run starts again). */
  processed: number;
  billed: number;
  /** Bills an earlier, interrupted run had already issued. */
  alreadyBilled: number;
  failed: number;
  /** The first failures, with their reason. */
  failures: Array<{ customerCode: string; reason: string }>;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Bills per second since this run (or resumption) started. */
  ratePerSecond: number;
  etaSeconds?: number;
}

interface BillRunDoc extends BillRunProgress {
  _id: string;
}

/** One document per period (a small collection: updates by _id stay cheap on FerretDB). */
export class BillRunStore {
  constructor(private readonly connection: Connection) {}

  private get runs(): mongo.Collection<BillRunDoc> {
    return connectedDb(this.connection).collection<BillRunDoc>('bill_runs');
  }

  async get(period: string): Promise<BillRunProgress | undefined> {
    const doc = await this.runs.findOne({ _id: period });
    if (!doc) return undefined;
    const { _id, ...progress } = doc;
    return progress;
  }

  async save(progress: BillRunProgress): Promise<void> {
    await this.runs.replaceOne({ _id: progress.period }, progress, { upsert: true });
  }

  async list(): Promise<BillRunProgress[]> {
    const docs = await this.runs.find({}).toArray();
    return docs.map(({ _id, ...progress }) => progress).sort((a, b) => b.period.localeCompare(a.period));
  }
}
