import type { ReadingRow } from './reading-book';

/** What is already known when a reading arrives: the customer, their last reading, what is recorded. */
export interface ReadingKnowledge {
  customer?: { threePriceMeter: boolean };
  previous?: { readDate: string; newIndex: number };
  /** A reading for the same customer and read date is already recorded. */
  alreadyRecorded: boolean;
}

/** Stable machine codes; the message says it for people. */
export type ReadingRejectionReason =
  | 'unknown-customer'
  | 'duplicate-reading'
  | 'read-date-not-after-previous'
  | 'old-index-mismatch'
  | 'new-index-below-old'
  | 'reset-without-drop'
  | 'missing-band-indexes'
  | 'unexpected-band-indexes'
  | 'band-kwh-mismatch';

export type ReadingCheck =
  | { ok: true; kwh: number; peakKwh?: number; normalKwh?: number; offPeakKwh?: number }
  | { ok: false; reason: ReadingRejectionReason; message: string };

type Register = 'total' | 'peak' | 'normal' | 'offPeak';
const REGISTER_NAMES: Record<Register, string> = {
  total: 'index',
  peak: 'peak index',
  normal: 'normal index',
  offPeak: 'off-peak index',
};

function refuse(reason: ReadingRejectionReason, message: string): ReadingCheck {
  return { ok: false, reason, message };
}

function registersOf(row: ReadingRow): Array<[Register, number, number]> | 'partial' | undefined {
  const pairs: Array<[Register, number | undefined, number | undefined]> = [
    ['peak', row.peakIndexOld, row.peakIndexNew],
    ['normal', row.normalIndexOld, row.normalIndexNew],
    ['offPeak', row.offPeakIndexOld, row.offPeakIndexNew],
  ];
  const given = pairs.flatMap(([, o, n]) => [o, n]).filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given < 6) return 'partial';
  return pairs as Array<[Register, number, number]>;
}

/**
 * Decides whether a parsed reading can be recorded, and the kWh it measures. Checks, in order:
 * the customer is known; the reading is not recorded already; the read date is after the previous
 * one; the old index continues the previous reading's new index (not checked on a meter
 * replacement: the new meter starts from 0); a 3-price meter comes with its band indexes and only
 * a 3-price meter does; no register goes backwards unless the row says why:
 * - `rollover`: a register below its old index wrapped at 10^N, N = row.registerDigits (the
 *   digits written in the book, leading zeros included) or else the digits of oldIndex:
 *   kWh = new + 10^N − old. At least one register must have dropped.
 * - `replacement`: the new meter started at 0, kWh = new index (for each register).
 * Finally the band kWh of a 3-price meter must add up to the total kWh.
 */
export function checkReading(row: ReadingRow, known: ReadingKnowledge): ReadingCheck {
  if (!known.customer) return refuse('unknown-customer', `no customer ${row.customerCode}`);
  if (known.alreadyRecorded)
    return refuse(
      'duplicate-reading',
      `a reading of ${row.customerCode} on ${row.readDate} is already recorded`,
    );
  const previous = known.previous;
  if (previous && row.readDate <= previous.readDate)
    return refuse(
      'read-date-not-after-previous',
      `read date ${row.readDate} is not after the previous reading's ${previous.readDate}`,
    );
  if (previous && row.indexReset !== 'replacement' && row.oldIndex !== previous.newIndex)
    return refuse(
      'old-index-mismatch',
      `old index ${row.oldIndex} is not the previous reading's new index ${previous.newIndex} (read ${previous.readDate})`,
    );
  const bands = registersOf(row);
  if (bands === 'partial' || (known.customer.threePriceMeter && !bands))
    return refuse(
      'missing-band-indexes',
      'a 3-price meter needs old and new peak, normal and off-peak indexes',
    );
  if (!known.customer.threePriceMeter && bands)
    return refuse('unexpected-band-indexes', 'band indexes given for a customer without a 3-price meter');

  const registers: Array<[Register, number, number]> = [
    ['total', row.oldIndex, row.newIndex],
    ...(bands ?? []),
  ];
  const size = 10 ** (row.registerDigits ?? String(row.oldIndex).length);
  const kwh: Partial<Record<Register, number>> = {};
  for (const [register, oldIndex, newIndex] of registers) {
    if (row.indexReset === 'replacement') kwh[register] = newIndex;
    else if (newIndex >= oldIndex) kwh[register] = newIndex - oldIndex;
    else if (row.indexReset === 'rollover') kwh[register] = newIndex + size - oldIndex;
    else
      return refuse(
        'new-index-below-old',
        `new ${REGISTER_NAMES[register]} ${newIndex} is below the old ${oldIndex}; if the meter rolled over or was replaced, say so in indexReset`,
      );
  }
  if (row.indexReset === 'rollover' && registers.every(([, oldIndex, newIndex]) => newIndex >= oldIndex))
    return refuse('reset-without-drop', `indexReset is rollover but no index is below its old value`);

  const total = kwh.total ?? 0;
  if (!bands) return { ok: true, kwh: total };
  const { peak = 0, normal = 0, offPeak = 0 } = kwh;
  if (peak + normal + offPeak !== total)
    return refuse(
      'band-kwh-mismatch',
      `peak ${peak} + normal ${normal} + off-peak ${offPeak} = ${peak + normal + offPeak} kWh, not the ${total} kWh on the total register`,
    );
  return { ok: true, kwh: total, peakKwh: peak, normalKwh: normal, offPeakKwh: offPeak };
}
