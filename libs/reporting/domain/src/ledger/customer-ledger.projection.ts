import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';

export interface LedgerProfile {
  name: string;
  commune: string;
  /** occurredAt of the customer event it comes from: the latest one wins. */
  at: string;
}

export interface LedgerBill {
  billId: string;
  /** YYYY-MM */
  period: string;
  amountDue: number;
  dueDate: string;
  commune?: string;
  issuedAt: string;
}

export interface LedgerSettlement {
  eventId: string;
  billId: string;
  paymentId: string;
  outstanding: number;
  settledAt: string;
}

export interface LedgerPayment {
  paymentId: string;
  partner: string;
  channel: string;
  cashless: boolean;
  amount: number;
  paidAt: string;
  /** The bills the payment names (appliedTo, else billId); may be empty. */
  billIds: string[];
}

export interface LedgerReversal {
  paymentId: string;
  amount: number;
  reversedAt: string;
}

export interface LedgerMandate {
  mandateId: string;
  partner: string;
  enrolledBy?: string;
  registeredAt: string;
  cancelledAt?: string;
}

export interface LedgerAutoDebit {
  eventId: string;
  runId: string;
  billId: string;
  partner: string;
  amount: number;
  ok: boolean;
  reasonCode?: string;
  reason?: string;
  at: string;
}

/**
 * Everything reporting knows about one customer, as sets keyed by the facts' own ids. Events of one
 * customer arrive in order within a topic but not across topics (a payment may be read before its
 * bill), so evolve only records facts and never derives from what came before: the document is the
 * same whatever the order, which is what makes a rebuild equal the live projection. Figures join
 * payments to bills when they are read.
 */
export interface CustomerLedger {
  customerCode: string;
  profile?: LedgerProfile;
  bills: LedgerBill[];
  settlements: LedgerSettlement[];
  payments: LedgerPayment[];
  reversals: LedgerReversal[];
  mandates: LedgerMandate[];
  autoDebits: LedgerAutoDebit[];
}

const LEDGER_EVENTS = new Set<KnownEvent['type']>([
  'CustomerRegistered',
  'CustomerUpdated',
  'BillIssued',
  'BillSettled',
  'PaymentReceived',
  'PaymentReversed',
  'MandateRegistered',
  'MandateCancelled',
  'AutoDebitSucceeded',
  'AutoDebitFailed',
]);

/** Adds a fact once, keeping the list sorted by its id so the document does not depend on order. */
function putOnce<T>(list: T[], item: T, same: (existing: T) => boolean, id: (t: T) => string): T[] {
  if (list.some(same)) return list;
  return [...list, item].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

function withMandate(list: LedgerMandate[], mandate: LedgerMandate): LedgerMandate[] {
  const others = list.filter((m) => m.mandateId !== mandate.mandateId);
  return putOnce(
    others,
    mandate,
    () => false,
    (m) => m.mandateId,
  );
}

export function emptyLedger(customerCode: string): CustomerLedger {
  return {
    customerCode,
    bills: [],
    settlements: [],
    payments: [],
    reversals: [],
    mandates: [],
    autoDebits: [],
  };
}

export const customerLedgerProjection: Projection<KnownEvent, CustomerLedger> = {
  name: 'reporting-customer-ledger',
  version: 1,
  // The partition key of all these topics is the customer code: one writer per document.
  keyOf: (event) =>
    LEDGER_EVENTS.has(event.type) ? (event.data as { customerCode: string }).customerCode : undefined,
  initial: emptyLedger,
  evolve: (doc, event) => {
    switch (event.type) {
      case 'CustomerRegistered':
      case 'CustomerUpdated': {
        if (doc.profile && doc.profile.at >= event.occurredAt) return doc;
        return {
          ...doc,
          profile: { name: event.data.name, commune: event.data.commune, at: event.occurredAt },
        };
      }
      case 'BillIssued': {
        const { billId, period, amountDue, dueDate, commune } = event.data;
        const bill: LedgerBill = { billId, period, amountDue, dueDate, issuedAt: event.occurredAt };
        if (commune) bill.commune = commune;
        return {
          ...doc,
          bills: putOnce(
            doc.bills,
            bill,
            (b) => b.billId === billId,
            (b) => b.billId,
          ),
        };
      }
      case 'BillSettled': {
        const { billId, paymentId, outstanding, settledAt } = event.data;
        const settlement = { eventId: event.eventId, billId, paymentId, outstanding, settledAt };
        return {
          ...doc,
          settlements: putOnce(
            doc.settlements,
            settlement,
            (s) => s.eventId === event.eventId,
            (s) => s.eventId,
          ),
        };
      }
      case 'PaymentReceived': {
        const { paymentId, partner, channel, cashless, amount, paidAt, billId, appliedTo } = event.data;
        const billIds = appliedTo?.length ? appliedTo.map((part) => part.billId) : billId ? [billId] : [];
        const payment = { paymentId, partner, channel, cashless, amount, paidAt, billIds };
        return {
          ...doc,
          payments: putOnce(
            doc.payments,
            payment,
            (p) => p.paymentId === paymentId,
            (p) => p.paymentId,
          ),
        };
      }
      case 'PaymentReversed': {
        const { paymentId, amount, reversedAt } = event.data;
        return {
          ...doc,
          reversals: putOnce(
            doc.reversals,
            { paymentId, amount, reversedAt },
            (r) => r.paymentId === paymentId,
            (r) => r.paymentId,
          ),
        };
      }
      case 'MandateRegistered': {
        const { mandateId, partner, enrolledBy, registeredAt } = event.data;
        const existing = doc.mandates.find((m) => m.mandateId === mandateId);
        if (existing?.registeredAt) return doc;
        const mandate: LedgerMandate = { mandateId, partner, registeredAt };
        if (enrolledBy) mandate.enrolledBy = enrolledBy;
        if (existing?.cancelledAt) mandate.cancelledAt = existing.cancelledAt;
        return { ...doc, mandates: withMandate(doc.mandates, mandate) };
      }
      case 'MandateCancelled': {
        const { mandateId, partner, cancelledAt } = event.data;
        const existing = doc.mandates.find((m) => m.mandateId === mandateId);
        // A cancellation read before its registration keeps an entry without registeredAt.
        const mandate: LedgerMandate = existing
          ? { ...existing, cancelledAt }
          : { mandateId, partner, registeredAt: '', cancelledAt };
        return { ...doc, mandates: withMandate(doc.mandates, mandate) };
      }
      case 'AutoDebitSucceeded':
      case 'AutoDebitFailed': {
        const { runId, billId, partner, amount } = event.data;
        const entry: LedgerAutoDebit =
          event.type === 'AutoDebitSucceeded'
            ? { eventId: event.eventId, runId, billId, partner, amount, ok: true, at: event.data.debitedAt }
            : {
                eventId: event.eventId,
                runId,
                billId,
                partner,
                amount,
                ok: false,
                reasonCode: event.data.reasonCode,
                reason: event.data.reason,
                at: event.data.failedAt,
              };
        return {
          ...doc,
          autoDebits: putOnce(
            doc.autoDebits,
            entry,
            (a) => a.eventId === event.eventId,
            (a) => a.eventId,
          ),
        };
      }
      default:
        return doc;
    }
  },
};
