import { TOPICS, type Topic } from './topics';
import {
  BillIssuedV1,
  BillSettledV1,
  CustomerRegisteredV1,
  CustomerRegisteredV2,
  CustomerUpdatedV1,
  MeterReadingRecordedV1,
} from './events/billing.events';
import {
  AutoDebitFailedV1,
  AutoDebitSucceededV1,
  MandateCancelledV1,
  MandateRegisteredV1,
  PaymentReceivedV1,
  PaymentReversedV1,
  ReconciliationCompletedV1,
} from './events/payment.events';
import { NotificationFailedV1, NotificationSentV1 } from './events/notification.events';
import { upcastCustomerRegisteredV1 } from './upcasters/customer-registered.upcaster';

export interface ContractVersion {
  schema: new () => object;
  /** Turns data of this version into data of the next one. Absent on the current version. */
  upcast?: (data: Record<string, unknown>) => Record<string, unknown>;
}

export interface Contract {
  topic: Topic;
  currentVersion: number;
  versions: Record<number, ContractVersion>;
}

const current = (topic: Topic, schema: new () => object): Contract => ({
  topic,
  currentVersion: 1,
  versions: { 1: { schema } },
});

/**
 * The published integration events. A consumer reads the current version and the one before it;
 * older data is upcast version by version before validation.
 */
export const CONTRACTS = {
  CustomerRegistered: {
    topic: TOPICS.customers,
    currentVersion: 2,
    versions: {
      1: { schema: CustomerRegisteredV1, upcast: upcastCustomerRegisteredV1 },
      2: { schema: CustomerRegisteredV2 },
    },
  },
  CustomerUpdated: current(TOPICS.customers, CustomerUpdatedV1),
  MeterReadingRecorded: current(TOPICS.meterReadings, MeterReadingRecordedV1),
  BillIssued: current(TOPICS.bills, BillIssuedV1),
  BillSettled: current(TOPICS.bills, BillSettledV1),
  PaymentReceived: current(TOPICS.payments, PaymentReceivedV1),
  PaymentReversed: current(TOPICS.payments, PaymentReversedV1),
  MandateRegistered: current(TOPICS.autoDebit, MandateRegisteredV1),
  MandateCancelled: current(TOPICS.autoDebit, MandateCancelledV1),
  AutoDebitSucceeded: current(TOPICS.autoDebit, AutoDebitSucceededV1),
  AutoDebitFailed: current(TOPICS.autoDebit, AutoDebitFailedV1),
  ReconciliationCompleted: current(TOPICS.reconciliation, ReconciliationCompletedV1),
  NotificationSent: current(TOPICS.notifications, NotificationSentV1),
  NotificationFailed: current(TOPICS.notifications, NotificationFailedV1),
} satisfies Record<string, Contract>;

export type EventType = keyof typeof CONTRACTS;

/** The data of each event type at its current version. */
export interface EventDataMap {
  CustomerRegistered: CustomerRegisteredV2;
  CustomerUpdated: CustomerUpdatedV1;
  MeterReadingRecorded: MeterReadingRecordedV1;
  BillIssued: BillIssuedV1;
  BillSettled: BillSettledV1;
  PaymentReceived: PaymentReceivedV1;
  PaymentReversed: PaymentReversedV1;
  MandateRegistered: MandateRegisteredV1;
  MandateCancelled: MandateCancelledV1;
  AutoDebitSucceeded: AutoDebitSucceededV1;
  AutoDebitFailed: AutoDebitFailedV1;
  ReconciliationCompleted: ReconciliationCompletedV1;
  NotificationSent: NotificationSentV1;
  NotificationFailed: NotificationFailedV1;
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(CONTRACTS, type);
}

export function topicOf(type: EventType): Topic {
  return CONTRACTS[type].topic;
}

export function currentVersionOf(type: EventType): number {
  return CONTRACTS[type].currentVersion;
}
