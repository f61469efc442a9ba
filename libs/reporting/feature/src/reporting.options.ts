import { TOPICS } from '@gridpay/contracts';

export interface ReportingOptions {
  /**
   * Put before every topic name. Empty in production; tests and side-by-side environments read
   * topics of their own (gridpay.customers.v1 becomes <prefix>gridpay.customers.v1).
   */
  topicPrefix?: string;
  /** Consumer groups are <groupPrefix>.ledger and <groupPrefix>.reconciliation. */
  groupPrefix?: string;
  /** How long the figures read from the projections are reused by the next requests. */
  cacheMs?: number;
  /** After cacheMs, a snapshot up to this old is served while the next read runs (0: never). */
  staleMs?: number;
}

export const REPORTING_OPTIONS = Symbol('REPORTING_OPTIONS');

/** The topics each projection reads. */
export function reportingTopics(prefix = '') {
  return {
    ledger: [TOPICS.customers, TOPICS.bills, TOPICS.payments, TOPICS.autoDebit].map((t) => prefix + t),
    reconciliation: [prefix + TOPICS.reconciliation],
  };
}
