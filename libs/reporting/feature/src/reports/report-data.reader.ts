import type { Connection, mongo } from 'mongoose';
import type { CustomerLedger, ReconciliationDay, ReportData } from '@gridpay/reporting/domain';
import type { ProjectionStore } from '@gridpay/shared/messaging';
import { connectedDb } from '@gridpay/shared/mongo';
import type { CampaignTargetsStore } from '../campaign-targets/campaign-targets.store';

/**
 * Reads the projections whole and lets the tables aggregate in code (FerretDB computes only the
 * first $group accumulator right). One read serves every request for `cacheMs`, and concurrent
 * requests share the read in flight: a dashboard load asks for several tables at once. Reading
 * 32,000 ledgers takes FerretDB on SQLite about 10 s, so after `cacheMs` a snapshot younger than
 * `staleMs` is still served while the next read runs in the background.
 */
export class ReportDataReader {
  private snapshot?: { at: number; data: ReportData };
  private loading?: Promise<ReportData>;

  constructor(
    private readonly connection: Connection,
    private readonly ledgers: ProjectionStore<CustomerLedger>,
    private readonly days: ProjectionStore<ReconciliationDay>,
    private readonly targets: CampaignTargetsStore,
    private readonly cacheMs: number,
    private readonly staleMs = 0,
  ) {}

  async read(): Promise<ReportData> {
    const age = this.snapshot ? Date.now() - this.snapshot.at : Infinity;
    if (this.snapshot && age <= this.cacheMs) return this.snapshot.data;
    const reload = this.reload();
    if (this.snapshot && age <= this.staleMs) {
      reload.catch(() => undefined);
      return this.snapshot.data;
    }
    return reload;
  }

  /** The next read goes to the database (after the targets change). */
  invalidate(): void {
    this.snapshot = undefined;
    this.loading = undefined;
  }

  private reload(): Promise<ReportData> {
    if (this.loading) return this.loading;
    const started = Date.now();
    const loading = this.load().then(
      (data) => {
        if (this.loading === loading) {
          this.snapshot = { at: started, data };
          this.loading = undefined;
        }
        return data;
      },
      (error: unknown) => {
        if (this.loading === loading) this.loading = undefined;
        throw error;
      },
    );
    this.loading = loading;
    return loading;
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
