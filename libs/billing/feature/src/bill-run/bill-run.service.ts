import { ConflictException, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BillRunBusy, BillRunner } from './bill-runner';
import { BillRunStore, type BillRunProgress } from './bill-run.store';

/** Runs bill runs in the background of the service, logging a progress line every few seconds. */
@Injectable()
export class BillRunService implements OnApplicationShutdown {
  private readonly logger = new Logger('BillRun');
  private readonly running = new Map<string, { done: Promise<unknown>; abort: AbortController }>();

  constructor(
    @Inject(BillRunner) private readonly runner: BillRunner,
    @Inject(BillRunStore) private readonly store: BillRunStore,
  ) {}

  async start(period: string): Promise<BillRunProgress> {
    if (this.running.has(period)) return (await this.store.get(period))!;
    const abort = new AbortController();
    let lastLine = 0;
    let first!: (progress: BillRunProgress) => void;
    let failedToStart!: (error: unknown) => void;
    const started = new Promise<BillRunProgress>((resolve, reject) => {
      first = resolve;
      failedToStart = reject;
    });
    const done = this.runner
      .run(period, {
        signal: abort.signal,
        onStart: first,
        onProgress: (p) => {
          if (Date.now() - lastLine < 5000 && p.status === 'running') return;
          lastLine = Date.now();
          this.logger.log(
            `bill run ${p.period}: ${p.processed}/${p.total} (${p.total ? Math.floor((p.processed * 100) / p.total) : 100}%) billed ${p.billed}, already billed ${p.alreadyBilled}, failed ${p.failed}, ${p.ratePerSecond}/s, ETA ${p.etaSeconds ?? '?'} s`,
          );
        },
      })
      .then((p) => {
        this.logger.log(
          `bill run ${p.period} ${p.status}: ${p.billed} billed, ${p.alreadyBilled} already billed, ${p.failed} failed`,
        );
      })
      .catch((error) => {
        failedToStart(error);
        if (!(error instanceof BillRunBusy))
          this.logger.error(`bill run ${period} stopped: ${(error as Error).message}`);
      })
      .finally(() => this.running.delete(period));
    this.running.set(period, { done, abort });
    try {
      return await started;
    } catch (error) {
      if (error instanceof BillRunBusy)
        throw new ConflictException({ code: 'BILL_RUN_BUSY', message: error.message });
      throw error;
    }
  }

  get(period: string): Promise<BillRunProgress | undefined> {
    return this.store.get(period);
  }

  list(): Promise<BillRunProgress[]> {
    return this.store.list();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { abort } of this.running.values()) abort.abort();
    await Promise.all([...this.running.values()].map((run) => run.done));
  }
}
