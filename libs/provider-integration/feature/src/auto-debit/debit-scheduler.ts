import type { Logger } from '@nestjs/common';
import type { Lease } from '@gridpay/shared/messaging';
import type { AutoDebitService } from './auto-debit.service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs due debits in one instance at a time (a lease): polls the due queue, goes again at once while
 * rounds come back full, and sleeps `pollMs` when there is nothing to do.
 */
export class DebitScheduler {
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly service: AutoDebitService,
    private readonly lease: Lease,
    private readonly pollMs: number,
    private readonly batch: number,
    private readonly logger: Pick<Logger, 'warn' | 'log'>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let indexed = false;
    while (this.running) {
      let handled = 0;
      try {
        if (!indexed) {
          await this.lease.ensureIndexes();
          indexed = true;
        }
        if (await this.lease.hold()) handled = await this.service.runDue(this.batch);
      } catch (error) {
        this.logger.warn(`auto-debit scheduler: ${(error as Error).message}`);
      }
      if (handled < this.batch) await sleep(this.pollMs);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.lease.release().catch(() => undefined);
  }
}
