import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';

export interface ReconciliationDay {
  partner: string;
  businessDate: string;
  matched: number;
  missingAtPartner: number;
  missingAtUs: number;
  amountMismatches: number;
  matchedAmount: number;
  completedAt: string;
  /** How many times the day was reconciled (a day may be run again after a corrected file). */
  runs: string[];
}

/**
 * The latest reconciliation of one partner's business day. Keyed `<partner>|<date>`: the topic is
 * keyed by partner, so one consumer writes each document. The latest completedAt wins, whatever
 * order the runs are read in.
 */
export const reconciliationDaysProjection: Projection<KnownEvent, ReconciliationDay> = {
  name: 'reporting-reconciliation-days',
  version: 1,
  keyOf: (event) =>
    event.type === 'ReconciliationCompleted' ? `${event.data.partner}|${event.data.businessDate}` : undefined,
  initial: (key) => {
    const [partner, businessDate] = key.split('|');
    return {
      partner,
      businessDate,
      matched: 0,
      missingAtPartner: 0,
      missingAtUs: 0,
      amountMismatches: 0,
      matchedAmount: 0,
      completedAt: '',
      runs: [],
    };
  },
  evolve: (doc, event) => {
    if (event.type !== 'ReconciliationCompleted') return doc;
    if (doc.runs.includes(event.eventId)) return doc;
    const runs = [...doc.runs, event.eventId].sort();
    if (doc.completedAt > event.data.completedAt) return { ...doc, runs };
    const { partner, businessDate, matched, missingAtPartner, missingAtUs, amountMismatches, matchedAmount } =
      event.data;
    return {
      partner,
      businessDate,
      matched,
      missingAtPartner,
      missingAtUs,
      amountMismatches,
      matchedAmount,
      completedAt: event.data.completedAt,
      runs,
    };
  },
};
