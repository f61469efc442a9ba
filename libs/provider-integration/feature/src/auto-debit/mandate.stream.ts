import {
  mandateDecider,
  mandatesStreamId,
  type CustomerMandates,
  type MandateCommand,
  type MandateEvent,
} from '@gridpay/payments/domain';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';
import { PROVIDER_INTEGRATION_PRODUCER } from '../partners/partner.stream';

/** The public events carry the masked account only; the reference itself stays in our store. */
function mandateIntegrationEvents(events: MandateEvent[]): IntegrationEvent[] {
  return events.map((event): IntegrationEvent => {
    switch (event.type) {
      case 'MandateRegistered': {
        const { mandateId, customerCode, partner, accountMasked, enrolledBy, registeredAt } = event.data;
        return {
          type: 'MandateRegistered',
          data: {
            mandateId,
            customerCode,
            partner,
            accountMasked,
            ...(enrolledBy ? { enrolledBy } : {}),
            registeredAt,
          },
        };
      }
      case 'MandateCancelled':
        return { type: 'MandateCancelled', data: event.data };
      case 'MandateSuspended': {
        const { suspendedAt, ...rest } = event.data;
        return { type: 'MandateCancelled', data: { ...rest, cancelledAt: suspendedAt, suspended: true } };
      }
    }
  });
}

export const mandateStream: StreamSpec<MandateCommand, MandateEvent, CustomerMandates> = {
  producer: PROVIDER_INTEGRATION_PRODUCER,
  decider: mandateDecider,
  streamId: (command) => mandatesStreamId(command.customerCode),
  partitionKey: (command) => command.customerCode,
  toIntegration: mandateIntegrationEvents,
};
