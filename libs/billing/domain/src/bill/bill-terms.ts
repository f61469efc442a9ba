import type { Quote } from '../tariff/tariff-engine';
import { billIdFor, type BillCommand, type BillReading, type BillRecipient } from './bill.decider';

/** Days from the read date to the due date printed on the bill. */
export const PAYMENT_TERM_DAYS = 15;

/** The billing period a reading closes: the month of its read date, e.g. 2026-10. */
export const periodOf = (readDate: string) => readDate.slice(0, 7);

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The IssueBill command for one customer's reading: everything on it derives from the reading, the
 * quote and the credit taken, never from when the run happens, so a re-run decides the same bill.
 */
export function issueBillCommand(input: {
  customerCode: string;
  reading: BillReading;
  recipient: BillRecipient;
  quote: Quote;
  creditApplied: number;
  issuedAt: string;
}): Extract<BillCommand, { type: 'IssueBill' }> {
  const period = periodOf(input.reading.readDate);
  return {
    type: 'IssueBill',
    ...input.quote,
    billId: billIdFor(input.customerCode, period),
    customerCode: input.customerCode,
    period,
    reading: input.reading,
    recipient: input.recipient,
    creditApplied: input.creditApplied,
    dueDate: addDays(input.reading.readDate, PAYMENT_TERM_DAYS),
    issuedAt: input.issuedAt,
  };
}
