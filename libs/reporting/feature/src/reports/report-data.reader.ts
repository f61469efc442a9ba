import type { Connection, mongo } from 'mongoose';
import type { CustomerLedger, ReconciliationDay, ReportData } from '@gridpay/reporting/domain';
import type { ProjectionStore } from '@gridpay/shared/messaging';
import { connectedDb } from '@gridpay/shared/mongo';
import type { CampaignTargetsStore } from '../campaign-targets/campaign-targets.store';

/**
 * Reads the projections whole and lets the tables aggregate in code (FerretDB computes only the
 * first $group accumulator right). One read serves every request for `cacheMs`, and concurrent
 * requests share the read in flight: a dashboard load asks for several tables at once.
 */
export class ReportDataReader {
  private cached?: { at: number; data: Promise<ReportData> };

  constructor(
    private readonly connection: Connection,
    private readonly ledgers: ProjectionStore<CustomerLedger>,
    private readonly days: ProjectionStore<ReconciliationDay>,
    private readonly targets: CampaignTargetsStore,
    private readonly cacheMs: number,
  ) {}

  read(): Promise<ReportData> {
    const now = Date.now();
    if (this.cached && now - this.cached.at <= this.cacheMs) return this.cached.data;
    const data = this.load();
    this.cached = { at: now, data };
    data.catch(() => {
      if (this.cached?.data === data) this.cached = undefined;
    });
    return data;
  }

  /** The next read goes to the database (after the targets change). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<ReportData> {
    const [ledgers, reconciliation, targets] = await Promise.all([
      this.states(this.ledgers),
      this.states(this.days),
      this.targets.current(),
    ]);
    return { ledgers, reconciliation, targets: targets.targets };
  }

  /**
   * The documents' states only: ProjectionStore.all() would also carry each document's list of
   * applied event ids, several times the size of a ledger. Collection names follow ProjectionStore
   * (one per bucket, `<active>_b<i>` when PROJECTION_BUCKETS > 1).
   */
  private async states<Doc>(store: ProjectionStore<Doc>): Promise<Doc[]> {
    const active = await store.activeName();
    const buckets = Math.max(1, Math.floor(Number(process.env.PROJECTION_BUCKETS ?? 1)));
    const names = buckets === 1 ? [active] : Array.from({ length: buckets }, (_, i) => `${active}_b${i}`);
    const db = connectedDb(this.connection);
    const parts = await Promise.all(
      names.map((name) =>
        db
          .collection<{ _id: string; state: Doc }>(name)
          .find({}, { projection: { state: 1 } })
          .toArray(),
      ),
    );
    return parts
      .flat()
      .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .map((doc: mongo.WithId<{ _id: string; state: Doc }>) => doc.state);
  }
}
