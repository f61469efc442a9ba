import { DomainError } from '@gridpay/shared/ddd';

/** A bill still owing money, as the open-bills projection shows it. */
export interface OpenBill {
  billId: string;
  /** YYYY-MM */
  period: string;
  /** What is still owed on it, whole dong. */
  amountDue: number;
}

export interface Allocation {
  appliedTo: Array<{ billId: string; amount: number }>;
  /** Money no open bill took: kept as customer credit, never refused. */
  credit: number;
}

/**
 * Splits a payment over open bills. Named bills take it in the order named (a named bill that is
 * no longer open, or not the customer's, takes nothing); without names the oldest open bills take
 * it first. Whatever is left is credit.
 */
export function allocatePayment(
  amount: number,
  openBills: readonly OpenBill[],
  billIds?: readonly string[],
): Allocation {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new DomainError('invalid-amount', 'amount must be a whole number of dong above 0');
  const open = new Map(openBills.map((bill) => [bill.billId, bill]));
  const targets =
    billIds && billIds.length > 0
      ? [...new Set(billIds)].flatMap((billId) => open.get(billId) ?? [])
      : [...openBills].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));

  let left = amount;
  const appliedTo: Allocation['appliedTo'] = [];
  for (const bill of targets) {
    if (left === 0) break;
    const applied = Math.min(left, Math.max(0, bill.amountDue));
    if (applied === 0) continue;
    appliedTo.push({ billId: bill.billId, amount: applied });
    left -= applied;
  }
  return { appliedTo, credit: left };
}
