import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';

export interface CustomerBill {
  billId: string;
  /** YYYY-MM */
  period: string;
  kwh: number;
  /** What the bill asked when issued. */
  amountDue: number;
  /** What is still owed on it now. */
  outstanding: number;
  dueDate: string;
}

/**
 * A customer's bills as billing's events tell them, one document per customer code: a customer with
 * a document is known; inquiry and payment read it with one lookup by _id and never call billing.
 */
export interface CustomerBills {
  customerCode: string;
  bills: CustomerBill[];
}

export const openBillsProjection: Projection<KnownEvent, CustomerBills> = {
  name: 'open-bills',
  version: 1,
  keyOf: (event) =>
    event.type === 'BillIssued' || event.type === 'BillSettled' ? event.data.customerCode : undefined,
  initial: (customerCode) => ({ customerCode, bills: [] }),
  evolve: (doc, event) => {
    switch (event.type) {
      case 'BillIssued': {
        const { billId, period, kwh, amountDue, dueDate } = event.data;
        if (doc.bills.some((bill) => bill.billId === billId)) return doc;
        return {
          ...doc,
          bills: [...doc.bills, { billId, period, kwh, amountDue, outstanding: amountDue, dueDate }],
        };
      }
      case 'BillSettled':
        // Paid, partly paid or reopened by a reversal: billing says what is still owed.
        return {
          ...doc,
          bills: doc.bills.map((bill) =>
            bill.billId === event.data.billId ? { ...bill, outstanding: event.data.outstanding } : bill,
          ),
        };
      default:
        return doc;
    }
  },
};

/** The bills still owing money, oldest first. */
export function openBillsOf(doc: CustomerBills): CustomerBill[] {
  return doc.bills
    .filter((bill) => bill.outstanding > 0)
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
