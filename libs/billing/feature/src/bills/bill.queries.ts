import { billIdFor, type BillEvent, type BillState } from '@gridpay/billing/domain';
import { periodsBetween, shiftPeriod } from '@gridpay/contracts';
import { fold } from '@gridpay/shared/ddd';
import type { EventStore } from '@gridpay/shared/event-store';
import { billStream, billStreamId } from './bill.streams';

export type IssuedBill = Extract<BillEvent, { type: 'BillIssued' }>['data'];

export interface BillView {
  billId: string;
  status: BillState['status'];
  customerCode: string;
  period: string;
  amountDue: number;
  paid: number;
  outstanding: number;
  /** The issued bill as printed: reading, lines, tariff decisions, VAT, due date. */
  issued: IssuedBill;
  version: number;
}

/** The months before (and including) the one of `date`, oldest first, e.g. ["2026-09", "2026-10"]. */
export function periodsUpTo(date: string, months: number): string[] {
  return periodsBetween(shiftPeriod(date, 1 - months), date);
}

/**
 * Reads bills straight from their streams. Bill ids are deterministic per customer and period, so a
 * customer's bills are found by id, month by month, with no secondary index.
 */
export class BillQueries {
  constructor(private readonly store: EventStore) {}

  async get(billId: string): Promise<BillView | undefined> {
    const { version, events } = await this.store.load<BillEvent>(billStreamId(billId));
    if (version === 0) return undefined;
    const state = fold(
      billStream.decider,
      events.map(({ type, data }) => ({ type, data }) as BillEvent),
    );
    const issued = events.find((e) => e.type === 'BillIssued')!.data as IssuedBill;
    return {
      billId,
      status: state.status,
      customerCode: state.customerCode,
      period: state.period,
      amountDue: state.amountDue,
      paid: state.paid,
      outstanding: Math.max(0, state.amountDue - state.paid),
      issued,
      version,
    };
  }

  /** The customer's bills of the `months` months up to `until` (YYYY-MM-DD), oldest first. */
  async forCustomer(customerCode: string, until: string, months = 24): Promise<BillView[]> {
    const found = await Promise.all(
      periodsUpTo(until, months).map((period) => this.get(billIdFor(customerCode, period))),
    );
    return found.filter((bill): bill is BillView => bill !== undefined);
  }

  async openBills(customerCode: string, until: string): Promise<BillView[]> {
    const bills = await this.forCustomer(customerCode, until);
    return bills.filter(
      (bill) => (bill.status === 'issued' || bill.status === 'partly-paid') && bill.outstanding > 0,
    );
  }
}
