import type { KnownEvent, Purpose } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';

/** notification's copy of a customer from the customer system: who to write to and where they live. */
export interface CustomerProfile {
  customerCode: string;
  name?: string;
  commune?: string;
  purpose?: Purpose;
  phone?: string;
  email?: string;
}

export const customerProfiles: Projection<KnownEvent, CustomerProfile> = {
  name: 'notification-customer-profiles',
  version: 1,
  keyOf: (event) =>
    event.type === 'CustomerRegistered' || event.type === 'CustomerUpdated'
      ? event.data.customerCode
      : undefined,
  initial: (customerCode) => ({ customerCode }),
  evolve: (doc, event) => {
    if (event.type !== 'CustomerRegistered' && event.type !== 'CustomerUpdated') return doc;
    const { name, commune, purpose, contact } = event.data;
    return {
      customerCode: doc.customerCode,
      name,
      commune,
      purpose,
      ...(contact?.phone ? { phone: contact.phone } : {}),
      ...(contact?.email ? { email: contact.email } : {}),
    };
  },
};

/**
 * How a customer pays, from provider-integration's payments: the basis of "who still pays in cash".
 * Paying through an agent's counter is not cashless (the contract's `cashless` flag says which).
 */
export interface PaymentHabits {
  customerCode: string;
  cashPayments: number;
  cashlessPayments: number;
  lastPaidAt?: string;
  lastCashless?: boolean;
}

export const paymentHabits: Projection<KnownEvent, PaymentHabits> = {
  name: 'notification-payment-habits',
  version: 1,
  keyOf: (event) => (event.type === 'PaymentReceived' ? event.data.customerCode : undefined),
  initial: (customerCode) => ({ customerCode, cashPayments: 0, cashlessPayments: 0 }),
  evolve: (doc, event) => {
    if (event.type !== 'PaymentReceived') return doc;
    const { cashless, paidAt } = event.data;
    const latest = doc.lastPaidAt === undefined || paidAt >= doc.lastPaidAt;
    return {
      ...doc,
      cashPayments: doc.cashPayments + (cashless ? 0 : 1),
      cashlessPayments: doc.cashlessPayments + (cashless ? 1 : 0),
      ...(latest ? { lastPaidAt: paidAt, lastCashless: cashless } : {}),
    };
  },
};

/** Active auto-debit mandates of a customer (a customer with one no longer pays in cash). */
export interface CustomerMandates {
  customerCode: string;
  active: string[];
}

export const customerMandates: Projection<KnownEvent, CustomerMandates> = {
  name: 'notification-customer-mandates',
  version: 1,
  keyOf: (event) =>
    event.type === 'MandateRegistered' || event.type === 'MandateCancelled'
      ? event.data.customerCode
      : undefined,
  initial: (customerCode) => ({ customerCode, active: [] }),
  evolve: (doc, event) => {
    if (event.type === 'MandateRegistered')
      return doc.active.includes(event.data.mandateId)
        ? doc
        : { ...doc, active: [...doc.active, event.data.mandateId] };
    if (event.type === 'MandateCancelled')
      return { ...doc, active: doc.active.filter((id) => id !== event.data.mandateId) };
    return doc;
  },
};

/** What a customer still owes per bill, from billing's events (receipts say what is still due). */
export interface CustomerBalance {
  customerCode: string;
  bills: Record<string, { outstanding: number; dueDate: string }>;
  /** Payments billing already applied (BillSettled), so a receipt does not subtract them twice. */
  settledPayments: string[];
}

export const customerBalances: Projection<KnownEvent, CustomerBalance> = {
  name: 'notification-customer-balances',
  version: 1,
  keyOf: (event) =>
    event.type === 'BillIssued' || event.type === 'BillSettled' ? event.data.customerCode : undefined,
  initial: (customerCode) => ({ customerCode, bills: {}, settledPayments: [] }),
  evolve: (doc, event) => {
    if (event.type === 'BillIssued') {
      const { billId, amountDue, dueDate } = event.data;
      return { ...doc, bills: { ...doc.bills, [safeKey(billId)]: { outstanding: amountDue, dueDate } } };
    }
    if (event.type === 'BillSettled') {
      const key = safeKey(event.data.billId);
      const bill = doc.bills[key];
      return {
        ...doc,
        bills: { ...doc.bills, [key]: { outstanding: event.data.outstanding, dueDate: bill?.dueDate ?? '' } },
        settledPayments: [
          ...doc.settledPayments.filter((p) => p !== event.data.paymentId),
          event.data.paymentId,
        ].slice(-50),
      };
    }
    return doc;
  },
};

/** Stored keys may not contain '.' or start with '$' (MongoDB/FerretDB field names). */
function safeKey(billId: string): string {
  return billId.replace(/[.$]/g, '_');
}

export function outstandingOf(balance: CustomerBalance | undefined): number {
  return Object.values(balance?.bills ?? {}).reduce((sum, bill) => sum + Math.max(0, bill.outstanding), 0);
}

/** The earliest due date among open bills (YYYY-MM-DD), if any. */
export function nextDueDate(balance: CustomerBalance | undefined): string | undefined {
  const open = Object.values(balance?.bills ?? {})
    .filter((bill) => bill.outstanding > 0 && bill.dueDate)
    .map((bill) => bill.dueDate)
    .sort();
  return open[0];
}

/**
 * Still pays in cash: has paid at least once, the latest payment was in cash, and has no active
 * auto-debit mandate. Customers who never paid are not counted (nothing is known of them yet).
 */
export function paysInCash(
  habits: PaymentHabits | undefined,
  mandates: CustomerMandates | undefined,
): boolean {
  if (!habits || habits.lastCashless === undefined) return false;
  return habits.lastCashless === false && (mandates?.active.length ?? 0) === 0;
}

export interface OutreachSegment {
  commune?: string;
  purpose?: Purpose;
  customerCodes?: string[];
}

/** Whether a customer falls in an operator's segment (every given criterion must hold). */
export function inSegment(
  profile: CustomerProfile | undefined,
  customerCode: string,
  segment: OutreachSegment,
): boolean {
  if (segment.customerCodes && !segment.customerCodes.includes(customerCode)) return false;
  if (segment.commune !== undefined && profile?.commune !== segment.commune) return false;
  if (segment.purpose !== undefined && profile?.purpose !== segment.purpose) return false;
  return true;
}
