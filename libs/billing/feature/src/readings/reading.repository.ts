import type { Connection, mongo } from 'mongoose';
import { connectedDb } from '@gridpay/shared/mongo';

/** A meter reading billing accepted: the kWh of one reading period of one customer. */
export interface RecordedReading {
  readingId: string;
  customerCode: string;
  /** The month of readDate: one reading per customer and period. */
  period: string;
  previousReadDate: string;
  readDate: string;
  oldIndex: number;
  newIndex: number;
  kwh: number;
  peakKwh?: number;
  normalKwh?: number;
  offPeakKwh?: number;
  indexReset?: 'rollover' | 'replacement';
  source: 'reading-book' | 'event';
}

interface ReadingDoc extends RecordedReading {
  _id: string;
  recordedAt: Date;
}

/** "<customer>:<period>": a second reading of a period is a duplicate key, found with no query. */
export const readingKey = (customerCode: string, period: string) => `${customerCode}:${period}`;

/** Accepted readings, insert-only: a reading is never edited, a wrong one is answered by a new period. */
export class ReadingRepository {
  constructor(private readonly connection: Connection) {}

  private get readings(): mongo.Collection<ReadingDoc> {
    return connectedDb(this.connection).collection<ReadingDoc>('meter_readings');
  }

  async ensureIndexes(): Promise<void> {
    await this.readings.createIndex({ period: 1 }, { name: 'period' });
  }

  /** Stores the readings; returns the positions of those already recorded for their period. */
  async insert(readings: RecordedReading[]): Promise<Set<number>> {
    if (readings.length === 0) return new Set();
    const recordedAt = new Date();
    const docs = readings.map((r) => ({ ...r, _id: readingKey(r.customerCode, r.period), recordedAt }));
    try {
      await this.readings.insertMany(docs, { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw error;
      return new Set(writeErrors.map((e) => e.index));
    }
  }

  async get(customerCode: string, period: string): Promise<RecordedReading | undefined> {
    const doc = await this.readings.findOne({ _id: readingKey(customerCode, period) });
    return doc ? withoutStorageFields(doc) : undefined;
  }

  /** The period's readings by customer code, in one scan. */
  async forPeriod(period: string): Promise<Map<string, RecordedReading>> {
    const found = new Map<string, RecordedReading>();
    for await (const doc of this.readings.find({ period }))
      found.set(doc.customerCode, withoutStorageFields(doc));
    return found;
  }
}

function withoutStorageFields(doc: ReadingDoc): RecordedReading {
  const { _id, recordedAt: _recordedAt, ...reading } = doc;
  return reading;
}
