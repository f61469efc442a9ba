/** The branch that sends the message (from configuration, not from the event). */
export interface Branch {
  name: string;
  hotline?: string;
}

/** Who a message is about: every template names the customer code; the name is a courtesy. */
export interface Addressee {
  customerCode: string;
  customerName?: string;
  branch: Branch;
}

/**
 * Ways to pay are partner codes (momo, vnpay, viettelpay, bankplus, ecpay, bank, ...), most used
 * first; the catalog's labels give their display names and unknown codes are shown as they are.
 */
export type PayChannels = readonly string[];

export interface BillIssuedData extends Addressee {
  /** YYYY-MM */
  period: string;
  oldIndex: number;
  newIndex: number;
  kwh: number;
  amountDue: number;
  /** Credit from earlier overpayments already taken off the amount due. */
  creditApplied?: number;
  /** YYYY-MM-DD */
  dueDate: string;
  payChannels: PayChannels;
}

export interface PaymentReceivedData extends Addressee {
  amount: number;
  /** Partner code, e.g. momo, vnpay, vietinbank. */
  partner: string;
  /** e.g. wallet, auto-debit, internet-banking, counter. */
  channel: string;
  /** ISO timestamp. */
  paidAt: string;
  /** Still due on the customer's bills after this payment (0 = paid in full). */
  outstanding: number;
  /** Overpayment kept for the next bill. */
  credit?: number;
}

export interface AutoDebitFailedData extends Addressee {
  amount: number;
  partner: string;
  /** The partner's code (MoMo 1001 = insufficient funds) or one of ours; explained by the catalog. */
  reasonCode: string;
  /** ISO timestamp of the next attempt; absent when no retry is planned. */
  retryAt?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  payChannels: PayChannels;
}

export interface PaymentReversedData extends Addressee {
  amount: number;
  partner: string;
  /** ISO timestamp. */
  reversedAt: string;
  /** The partner's words; shown in the email only. */
  reason?: string;
  outstanding: number;
  payChannels: PayChannels;
}

export interface MandateRegisteredData extends Addressee {
  partner: string;
  /** e.g. ****1234 */
  accountMasked: string;
  /** ISO timestamp. */
  registeredAt: string;
}

export interface MandateCancelledData extends Addressee {
  partner: string;
  /** ISO timestamp. */
  cancelledAt: string;
  reason?: string;
  payChannels: PayChannels;
}

export interface OutreachInvitationData extends Addressee {
  /** Short code the customer quotes when enrolling; attributes the enrollment to the campaign. */
  code: string;
  payChannels: PayChannels;
  enrollUrl?: string;
}

export interface TemplateData {
  'bill-issued': BillIssuedData;
  'payment-received': PaymentReceivedData;
  'auto-debit-failed': AutoDebitFailedData;
  'payment-reversed': PaymentReversedData;
  'mandate-registered': MandateRegisteredData;
  'mandate-cancelled': MandateCancelledData;
  'outreach-invitation': OutreachInvitationData;
}

export type TemplateId = keyof TemplateData;

export const TEMPLATE_IDS: readonly TemplateId[] = [
  'bill-issued',
  'payment-received',
  'auto-debit-failed',
  'payment-reversed',
  'mandate-registered',
  'mandate-cancelled',
  'outreach-invitation',
];

export const isTemplateId = (value: string): value is TemplateId =>
  (TEMPLATE_IDS as readonly string[]).includes(value);
