import {
  billDecider,
  creditDecider,
  creditStreamId,
  parseBillId,
  type BillCommand,
  type BillEvent,
  type BillState,
  type CreditCommand,
  type CreditEvent,
  type CreditState,
} from '@gridpay/billing/domain';
import type { EventDataMap } from '@gridpay/contracts';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';

export const BILLING_PRODUCER = 'billing';

export const billStreamId = (billId: string) => `bill-${billId}`;

function customerOf(billId: string): string {
  const parsed = parseBillId(billId);
  if (!parsed) throw new Error(`malformed bill id ${billId}`);
  return parsed.customerCode;
}

type BillSettledData = EventDataMap['BillSettled'];

/** BillSettled for one payment's change to the bill. */
function billSettled(
  state: BillState,
  paymentId: string,
  change: Omit<BillSettledData, 'billId' | 'customerCode' | 'period' | 'paymentId'>,
): IntegrationEvent {
  const data: BillSettledData = {
    billId: state.billId,
    customerCode: state.customerCode,
    period: state.period,
    paymentId,
    ...change,
  };
  return { type: 'BillSettled', data };
}

/** Bill decisions published to other services: BillIssued, and BillSettled for every payment change. */
function billIntegrationEvents(events: BillEvent[], state: BillState): IntegrationEvent[] {
  return events.flatMap((event): IntegrationEvent[] => {
    switch (event.type) {
      case 'BillIssued': {
        const { issuedAt: _issuedAt, recipient, reading, ...bill } = event.data;
        return [
          {
            type: 'BillIssued',
            data: {
              billId: bill.billId,
              customerCode: bill.customerCode,
              period: bill.period,
              kwh: bill.kwh,
              lines: bill.lines,
              subtotal: bill.subtotal,
              vatRate: bill.vatRate,
              vat: bill.vat,
              total: bill.total,
              creditApplied: bill.creditApplied,
              amountDue: bill.amountDue,
              dueDate: bill.dueDate,
              contact: recipient.contact,
              reading,
              customerName: recipient.name,
              commune: recipient.commune,
              tariffs: bill.tariffs,
            },
          },
        ];
      }
      case 'PaymentApplied':
        return [
          billSettled(state, event.data.paymentId, {
            amountApplied: event.data.applied,
            outstanding: event.data.outstanding,
            status: event.data.outstanding === 0 ? 'paid' : 'partly-paid',
            credit: event.data.credit,
            settledAt: event.data.paidAt,
          }),
        ];
      case 'PaymentReversed':
        return [
          billSettled(state, event.data.paymentId, {
            amountApplied: 0,
            outstanding: event.data.outstanding,
            status: 'reopened',
            credit: 0,
            settledAt: event.data.reversedAt,
          }),
        ];
      default:
        return [];
    }
  });
}

export const billStream: StreamSpec<BillCommand, BillEvent, BillState> = {
  producer: BILLING_PRODUCER,
  decider: billDecider,
  streamId: (command) => billStreamId(command.billId),
  partitionKey: (command) => customerOf(command.billId),
  toIntegration: billIntegrationEvents,
};

export const creditStream: StreamSpec<CreditCommand, CreditEvent, CreditState> = {
  producer: BILLING_PRODUCER,
  decider: creditDecider,
  streamId: (command) => creditStreamId(command.customerCode),
  partitionKey: (command) => command.customerCode,
};
