/**
 * Every Kafka topic GridPay uses, in one place. One topic per aggregate kind; messages are keyed
 * by the envelope's partitionKey (the customer code, or the partner for reconciliation) so the
 * events of one customer stay in order.
 */
export const TOPICS = {
  /** From the company's customer system: CustomerRegistered, CustomerUpdated. */
  customers: 'gridpay.customers.v1',
  /** From the meter reading books: MeterReadingRecorded. */
  meterReadings: 'gridpay.meter-readings.v1',
  /** billing: BillIssued, BillSettled. */
  bills: 'gridpay.bills.v1',
  /** provider-integration: PaymentReceived, PaymentReversed. */
  payments: 'gridpay.payments.v1',
  /** provider-integration: MandateRegistered, MandateCancelled, AutoDebitSucceeded, AutoDebitFailed. */
  autoDebit: 'gridpay.auto-debit.v1',
  /** provider-integration: ReconciliationCompleted (keyed by partner). */
  reconciliation: 'gridpay.reconciliation.v1',
  /** notification: NotificationSent, NotificationFailed. */
  notifications: 'gridpay.notifications.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Where a consumer group puts what it cannot process, with the reason in headers. */
export function deadLetterTopic(consumerGroup: string): string {
  return `gridpay.dead-letters.${consumerGroup}`;
}
