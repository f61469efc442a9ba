import type { CustomerLedger, LedgerBill, LedgerPayment } from '../ledger/customer-ledger.projection';

/** What a report asks for. Filters a table has no such dimension for are ignored by it. */
export interface ReportFilter {
  /** YYYY-MM */
  period?: string;
  commune?: string;
  partner?: string;
  channel?: string;
  /** YYYY-MM-DD: the day debt is aged at (default: the latest day with activity). */
  asOf?: string;
}

const VN_OFFSET_MS = 7 * 3600_000;

/** The calendar day in Vietnam (UTC+7, no daylight saving) of an ISO timestamp. */
export function vnDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso.slice(0, 10);
  return new Date(time + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export const monthOf = (day: string) => day.slice(0, 7);

export const UNKNOWN_COMMUNE = '(unknown)';

/** The customer's commune: from the customer system, else from their latest bill. */
export function communeOf(ledger: CustomerLedger): string {
  if (ledger.profile?.commune) return ledger.profile.commune;
  const billed = [...ledger.bills].sort((a, b) => (a.period < b.period ? 1 : -1)).find((b) => b.commune);
  return billed?.commune ?? UNKNOWN_COMMUNE;
}

export interface ResolvedPayment extends LedgerPayment {
  /** The known bills the payment went to: those it names, and those billing settled with it. */
  bills: LedgerBill[];
  /** The billing period it counts for: its oldest bill's, else the month it was paid in. */
  period: string;
  day: string;
  reversed: boolean;
}

/** Joins a customer's payments to bills and reversals (done at read time: see CustomerLedger). */
export function resolvePayments(ledger: CustomerLedger): ResolvedPayment[] {
  const billsById = new Map(ledger.bills.map((bill) => [bill.billId, bill]));
  const reversed = new Set(ledger.reversals.map((r) => r.paymentId));
  return ledger.payments.map((payment) => {
    const ids = new Set(payment.billIds);
    for (const s of ledger.settlements) if (s.paymentId === payment.paymentId) ids.add(s.billId);
    const bills = [...ids]
      .map((id) => billsById.get(id))
      .filter((bill): bill is LedgerBill => bill !== undefined)
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const day = vnDate(payment.paidAt);
    return {
      ...payment,
      bills,
      period: bills[0]?.period ?? monthOf(day),
      day,
      reversed: reversed.has(payment.paymentId),
    };
  });
}

/** What is still owed on a bill: its latest settlement's outstanding, else the amount due. */
export function outstandingOf(ledger: CustomerLedger, bill: LedgerBill): number {
  let latest: CustomerLedger['settlements'][number] | undefined;
  for (const s of ledger.settlements) {
    if (s.billId !== bill.billId) continue;
    if (
      !latest ||
      s.settledAt > latest.settledAt ||
      (s.settledAt === latest.settledAt && s.eventId > latest.eventId)
    )
      latest = s;
  }
  return latest ? latest.outstanding : bill.amountDue;
}

export function matchesPayment(payment: { partner: string; channel: string }, filter: ReportFilter): boolean {
  return (
    (!filter.partner || payment.partner === filter.partner) &&
    (!filter.channel || payment.channel === filter.channel)
  );
}

export const ratio = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

export function byKeys<T>(...keys: Array<keyof T>) {
  return (a: T, b: T) => {
    for (const key of keys) {
      if (a[key] < b[key]) return -1;
      if (a[key] > b[key]) return 1;
    }
    return 0;
  };
}
