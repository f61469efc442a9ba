import type { LoggerService } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  billIdFor,
  EVN_TARIFFS,
  issueBillCommand,
  quoteReading,
  type BillCommand,
  type BillEvent,
  type BillState,
  type CreditCommand,
  type CreditEvent,
  type CreditState,
  type TariffTables,
} from '@gridpay/billing/domain';
import { CommandHandler, type EventStore } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { Lease } from '@gridpay/shared/messaging';
import type { CustomerRecord, CustomerRepository } from '../customers/customer.repository';
import type { ReadingRepository, RecordedReading } from '../readings/reading.repository';
import type { CreditHolders } from '../settlement/credit-holders';
import { billStream, creditStream } from '../bills/bill.streams';
import type { BillRunProgress, BillRunStore } from './bill-run.store';

interface PreparedChunk {
  at: number;
  size: number;
  commands: Array<Extract<BillCommand, { type: 'IssueBill' }>>;
  failures: Array<{ customerCode: string; reason: string }>;
}

/** A killed run holds its period this long at most; a run renews it after every chunk. */
const BILL_RUN_LEASE_MS = 15_000;

export class BillRunBusy extends Error {
  constructor(readonly period: string) {
    super(
      `the bill run for ${period} is running in another instance (or one that died less than ${BILL_RUN_LEASE_MS / 1000} s ago)`,
    );
  }
}

export interface BillRunOptions {
  chunkSize?: number;
  /** Called once the run holds its lease and knows its size. */
  onStart?: (progress: BillRunProgress) => void;
  /** Called after every chunk (progress bar, log lines). */
  onProgress?: (progress: BillRunProgress) => void;
  /** Stops between chunks, as a kill would, but cleanly (the run resumes later). */
  signal?: AbortSignal;
  now?: () => Date;
}

/**
 * Bills every customer that has a reading for the period, in customer-code order and in chunks of
 * one bulk append each. Each bill is a new stream with a deterministic id, so a run that was killed
 * and started again skips what is already billed (counted as alreadyBilled) and can never bill a
 * period twice. BillIssued goes out through the outbox with the bill's commit.
 */
export class BillRunner {
  private readonly bills: CommandHandler<BillCommand, BillEvent, BillState>;
  private readonly credit: CommandHandler<CreditCommand, CreditEvent, CreditState>;

  constructor(
    store: EventStore,
    private readonly connection: Connection,
    private readonly customers: CustomerRepository,
    private readonly readings: ReadingRepository,
    private readonly creditHolders: CreditHolders,
    private readonly runs: BillRunStore,
    private readonly logger: LoggerService,
    private readonly tables: TariffTables = EVN_TARIFFS,
  ) {
    this.bills = new CommandHandler(store, billStream);
    this.credit = new CommandHandler(store, creditStream);
  }

  async run(period: string, options: BillRunOptions = {}): Promise<BillRunProgress> {
    const now = options.now ?? (() => new Date());
    const lease = new Lease(this.connection, `bill-run:${period}`, uuidv7(), BILL_RUN_LEASE_MS);
    if (!(await lease.hold())) throw new BillRunBusy(period);
    try {
      return await this.runHolding(period, lease, options, now);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  private async runHolding(
    period: string,
    lease: Lease,
    options: BillRunOptions,
    now: () => Date,
  ): Promise<BillRunProgress> {
    const [readings, customers, holders, previous] = await Promise.all([
      this.readings.forPeriod(period),
      this.customers.loadAll(),
      this.creditHolders.all(),
      this.runs.get(period),
    ]);
    const codes = [...readings.keys()].sort();
    const resumeAt = previous?.status === 'running' ? Math.min(previous.processed, codes.length) : 0;
    const startedAt = now();
    const progress: BillRunProgress = {
      period,
      runId: previous?.status === 'running' ? previous.runId : uuidv7(),
      status: 'running',
      total: codes.length,
      processed: resumeAt,
      billed: resumeAt > 0 ? previous!.billed : 0,
      alreadyBilled: resumeAt > 0 ? previous!.alreadyBilled : 0,
      failed: resumeAt > 0 ? previous!.failed : 0,
      failures: resumeAt > 0 ? previous!.failures : [],
      startedAt: startedAt.toISOString(),
      updatedAt: startedAt.toISOString(),
      ratePerSecond: 0,
    };
    if (resumeAt > 0) this.logger.log(`bill run ${period}: resuming at ${resumeAt}/${codes.length}`);
    await this.runs.save(progress);
    options.onStart?.({ ...progress });
    const chunkSize = options.chunkSize ?? 500;
    const prepare = async (at: number): Promise<PreparedChunk> => {
      const chunk = codes.slice(at, at + chunkSize);
      const prepared: PreparedChunk = { at, size: chunk.length, commands: [], failures: [] };
      for (const code of chunk) {
        try {
          const reading = readings.get(code) as RecordedReading;
          prepared.commands.push(
            await this.issueCommand(customers.get(code), reading, holders.has(code), now()),
          );
        } catch (error) {
          prepared.failures.push({ customerCode: code, reason: (error as Error).message });
        }
      }
      return prepared;
    };
    let billedHere = 0;
    let next = resumeAt < codes.length ? await prepare(resumeAt) : undefined;
    while (next && !options.signal?.aborted) {
      if (!(await lease.hold())) throw new BillRunBusy(period);
      const current = next;
      const appending = this.bills.startStreams(current.commands, {
        correlationId: progress.runId,
        now: now(),
      });
      // The next chunk is priced while the database stores this one.
      const following = current.at + chunkSize < codes.length ? prepare(current.at + chunkSize) : undefined;
      const result = await appending;
      progress.billed += result.started.length;
      progress.alreadyBilled += result.existing.length + result.unchanged.length;
      progress.failed += current.failures.length;
      progress.failures.push(...current.failures.slice(0, Math.max(0, 100 - progress.failures.length)));
      billedHere += current.size;
      progress.processed = current.at + current.size;
      const elapsed = (now().getTime() - startedAt.getTime()) / 1000;
      progress.ratePerSecond = elapsed > 0 ? Math.round(billedHere / elapsed) : 0;
      progress.etaSeconds =
        progress.ratePerSecond > 0
          ? Math.round((codes.length - progress.processed) / progress.ratePerSecond)
          : undefined;
      progress.updatedAt = now().toISOString();
      await this.runs.save(progress);
      options.onProgress?.({ ...progress });
      next = following ? await following : undefined;
    }
    if (progress.processed >= codes.length) {
      progress.status = progress.failed > 0 ? 'failed' : 'completed';
      progress.finishedAt = now().toISOString();
      progress.etaSeconds = 0;
      await this.runs.save(progress);
      options.onProgress?.({ ...progress });
    }
    return progress;
  }

  private async issueCommand(
    customer: CustomerRecord | undefined,
    reading: RecordedReading,
    hasCredit: boolean,
    at: Date,
  ): Promise<Extract<BillCommand, { type: 'IssueBill' }>> {
    if (!customer) throw new Error(`customer ${reading.customerCode} is unknown`);
    const quote = quoteReading(this.tables, customer, reading);
    let creditApplied = 0;
    if (hasCredit) {
      const billId = billIdFor(customer.customerCode, reading.period);
      const { state } = await this.credit.handle(
        {
          type: 'UseCredit',
          customerCode: customer.customerCode,
          billId,
          upTo: quote.total,
          at: at.toISOString(),
        },
        { correlationId: billId, now: at },
      );
      creditApplied = state.usedByBill[billId] ?? 0;
    }
    return issueBillCommand({
      customerCode: customer.customerCode,
      reading: {
        previousReadDate: reading.previousReadDate,
        readDate: reading.readDate,
        oldIndex: reading.oldIndex,
        newIndex: reading.newIndex,
      },
      recipient: { name: customer.name, commune: customer.commune, contact: customer.contact },
      quote,
      creditApplied,
      issuedAt: at.toISOString(),
    });
  }
}
