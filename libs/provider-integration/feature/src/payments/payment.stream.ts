import { isCashless } from '@gridpay/partner-api';
import {
  paymentDecider,
  paymentStreamId,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
} from '@gridpay/payments/domain';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';
import { PROVIDER_INTEGRATION_PRODUCER } from '../partners/partner.stream';

/** A payment command with the customer it concerns: events are keyed by customer code on Kafka. */
export type PaymentStreamCommand = PaymentCommand & { customerCode: string };

function paymentIntegrationEvents(events: PaymentEvent[]): IntegrationEvent[] {
  return events.map((event): IntegrationEvent => {
    const single = event.data.appliedTo.length === 1 ? { billId: event.data.appliedTo[0].billId } : {};
    switch (event.type) {
      case 'PaymentAccepted':
        return {
          type: 'PaymentReceived',
          data: {
            paymentId: event.data.paymentId,
            customerCode: event.data.customerCode,
            ...single,
            amount: event.data.amount,
            partner: event.data.partner,
            channel: event.data.channel,
            cashless: isCashless(event.data.channel),
            partnerReference: event.data.partnerTxnId,
            paidAt: event.data.paidAt,
            appliedTo: event.data.appliedTo.map(({ billId, amount }) => ({ billId, amount })),
          },
        };
      case 'PaymentReversed':
        return {
          type: 'PaymentReversed',
          data: {
            paymentId: event.data.paymentId,
            customerCode: event.data.customerCode,
            ...single,
            amount: event.data.amount,
            partner: event.data.partner,
            reason: event.data.reason,
            reversedAt: event.data.reversedAt,
          },
        };
    }
  });
}

/**
 * One stream per (partner, partnerTxnId): a retry, or 20 concurrent copies of one request, land on
 * the same stream and the unique commit _id lets exactly one acceptance in. The acceptance and its
 * PaymentReceived are one commit (the commit is the outbox).
 */
export const paymentStream: StreamSpec<PaymentStreamCommand, PaymentEvent, PaymentState> = {
  producer: PROVIDER_INTEGRATION_PRODUCER,
  decider: paymentDecider,
  streamId: (command) => paymentStreamId(command.partner, command.partnerTxnId),
  partitionKey: (command) => command.customerCode,
  toIntegration: paymentIntegrationEvents,
};
