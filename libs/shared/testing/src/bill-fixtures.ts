import type { EventDataMap } from '@gridpay/contracts';

/** Billing's BillIssued for a 150 kWh residential month, owing `amountDue` (the bill id is the usual one). */
export function billIssuedData(
  customerCode: string,
  period: string,
  amountDue: number,
  contact: EventDataMap['BillIssued']['contact'] = {},
): EventDataMap['BillIssued'] {
  return {
    billId: `${customerCode}-${period}`,
    customerCode,
    period,
    kwh: 150,
    lines: [{ label: 'Bậc 1', kwh: 150, unitPrice: 1984, amount: 297_600 }],
    subtotal: 297_600,
    vatRate: 8,
    vat: 23_808,
    total: 321_408,
    creditApplied: 0,
    amountDue,
    dueDate: `${period}-28`,
    contact,
  };
}
