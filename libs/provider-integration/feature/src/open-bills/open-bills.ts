import type { OpenBill } from '@gridpay/payments/domain';
import type { ProjectionStore } from '@gridpay/shared/messaging';
import { openBillsOf, type CustomerBills } from './open-bills.projection';

export interface OpenBillsView {
  customerCode: string;
  bills: Array<{ billId: string; period: string; kwh: number; amountDue: number; dueDate: string }>;
}

/** Reads of the open-bills projection: inquiry (what the partner sees) and allocation (what a payment pays). */
export class OpenBills {
  constructor(readonly store: ProjectionStore<CustomerBills>) {}

  /** Undefined when no bill of that customer was ever seen: the customer is unknown. */
  async forCustomer(customerCode: string): Promise<OpenBillsView | undefined> {
    const doc = await this.store.get(customerCode);
    if (!doc) return undefined;
    return {
      customerCode,
      bills: openBillsOf(doc).map(({ billId, period, kwh, outstanding, dueDate }) => ({
        billId,
        period,
        kwh,
        amountDue: outstanding,
        dueDate,
      })),
    };
  }

  /** The open bills in the decider's shape (amountDue = what is still owed). */
  async forAllocation(customerCode: string): Promise<OpenBill[] | undefined> {
    const doc = await this.store.get(customerCode);
    return doc
      ? openBillsOf(doc).map(({ billId, period, outstanding }) => ({
          billId,
          period,
          amountDue: outstanding,
        }))
      : undefined;
  }
}
