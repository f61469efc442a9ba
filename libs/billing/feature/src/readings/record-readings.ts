import {
  addDays,
  checkReading,
  parseReadingBook,
  periodOf,
  type CustomerRecord,
  type ReadingRow,
} from '@gridpay/billing/domain';
import { previousPeriod } from '@gridpay/contracts';
import type { CustomerRepository } from '../customers/customer.repository';
import { readingKey, type ReadingRepository, type RecordedReading } from './reading.repository';

/** A reading to record: a reading-book row, or a MeterReadingRecorded event put in the same shape. */
export interface ReadingInput {
  row: ReadingRow;
  source: RecordedReading['source'];
  readingId?: string;
  previousReadDate?: string;
  /** Time-of-use kWh as the event states them (a book gives band indexes instead). */
  bandKwh?: { peakKwh: number; normalKwh: number; offPeakKwh: number };
}

export interface ReadingRejection {
  line: number;
  customerCode?: string;
  field?: string;
  /** A stable machine code, or the parser's message for a malformed row. */
  reason: string;
  message: string;
}

export interface ReadingImportReport {
  accepted: number;
  rejected: ReadingRejection[];
}

/** Above this many rows, customers and readings are loaded in one scan instead of one lookup per row. */
const BULK_ROWS = 200;

/**
 * Checks readings against what billing knows (customer, the previous period's reading, what is
 * already recorded) and stores the accepted ones. Each row is one document: a row is applied whole
 * or not at all, and the report says which rows were refused and why.
 */
export class RecordReadings {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly readings: ReadingRepository,
  ) {}

  async importBook(text: string): Promise<ReadingImportReport> {
    const parsed = parseReadingBook(text);
    const report = await this.record(
      parsed.accepted.map((row) => ({ row, source: 'reading-book' as const })),
    );
    const malformed = parsed.rejected.map((r) => ({ ...r, message: r.reason }));
    return {
      accepted: report.accepted,
      rejected: [...malformed, ...report.rejected].sort((a, b) => a.line - b.line),
    };
  }

  async record(inputs: ReadingInput[]): Promise<ReadingImportReport> {
    const knowledge = await this.knowledgeFor(inputs);
    const accepted: RecordedReading[] = [];
    const acceptedLines: number[] = [];
    const rejected: ReadingRejection[] = [];
    const inThisBatch = new Set<string>();
    for (const input of inputs) {
      const { row } = input;
      const period = periodOf(row.readDate);
      const key = readingKey(row.customerCode, period);
      const previous = await knowledge.reading(row.customerCode, previousPeriod(period));
      const customer = await knowledge.customer(row.customerCode);
      const check = checkReading(row, {
        customer: customer && { threePriceMeter: customer.threePriceMeter && !input.bandKwh },
        previous,
        alreadyRecorded:
          inThisBatch.has(key) || (await knowledge.reading(row.customerCode, period)) !== undefined,
      });
      if (!check.ok) {
        rejected.push({
          line: row.line,
          customerCode: row.customerCode,
          reason: check.reason,
          message: check.message,
        });
        continue;
      }
      inThisBatch.add(key);
      const bands = input.bandKwh ?? {
        ...(check.peakKwh !== undefined ? { peakKwh: check.peakKwh } : {}),
        ...(check.normalKwh !== undefined ? { normalKwh: check.normalKwh } : {}),
        ...(check.offPeakKwh !== undefined ? { offPeakKwh: check.offPeakKwh } : {}),
      };
      accepted.push({
        readingId: input.readingId ?? `${row.customerCode}:${row.readDate}`,
        customerCode: row.customerCode,
        period,
        // A customer's first reading in GridPay: the period is taken as the month before it.
        previousReadDate: previous?.readDate ?? input.previousReadDate ?? addDays(row.readDate, -30),
        readDate: row.readDate,
        oldIndex: row.oldIndex,
        newIndex: row.newIndex,
        kwh: check.kwh,
        ...bands,
        ...(row.indexReset ? { indexReset: row.indexReset } : {}),
        source: input.source,
      });
      acceptedLines.push(row.line);
    }
    const duplicates = await this.readings.insert(accepted);
    for (const index of duplicates) {
      rejected.push({
        line: acceptedLines[index],
        customerCode: accepted[index].customerCode,
        reason: 'duplicate-reading',
        message: `a reading of ${accepted[index].customerCode} for ${accepted[index].period} is already recorded`,
      });
    }
    return {
      accepted: accepted.length - duplicates.size,
      rejected: rejected.sort((a, b) => a.line - b.line),
    };
  }

  /** Lookups for a batch: one scan per collection and period for big batches, by key for small ones. */
  private async knowledgeFor(inputs: ReadingInput[]) {
    if (inputs.length < BULK_ROWS) {
      return {
        customer: (code: string) => this.customers.get(code),
        reading: (code: string, period: string) => this.readings.get(code, period),
      };
    }
    const customers = await this.customers.loadAll();
    const periods = new Map<string, Promise<Map<string, RecordedReading>>>();
    const byPeriod = (period: string) => {
      if (!periods.has(period)) periods.set(period, this.readings.forPeriod(period));
      return periods.get(period)!;
    };
    return {
      customer: async (code: string): Promise<CustomerRecord | undefined> => customers.get(code),
      reading: async (code: string, period: string) => (await byPeriod(period)).get(code),
    };
  }
}
