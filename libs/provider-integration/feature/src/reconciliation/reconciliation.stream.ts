import {
  reconciliationDecider,
  reconciliationStreamId,
  type ReconciliationCommand,
  type ReconciliationEvent,
  type ReconciliationState,
} from '@gridpay/payments/domain';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';
import { PROVIDER_INTEGRATION_PRODUCER } from '../partners/partner.stream';

function reconciliationIntegrationEvents(events: ReconciliationEvent[]): IntegrationEvent[] {
  return events.flatMap((event): IntegrationEvent[] => {
    if (event.type !== 'ReconciliationRecorded') return [];
    const count = (kind: string) => event.data.mismatches.filter((m) => m.kind === kind).length;
    return [
      {
        type: 'ReconciliationCompleted',
        data: {
          partner: event.data.partner,
          businessDate: event.data.businessDate,
          matched: event.data.matched,
          missingAtPartner: count('missingTheirs'),
          missingAtUs: count('missingOurs'),
          amountMismatches: count('amountDiffers'),
          matchedAmount: event.data.matchedAmount,
          completedAt: event.data.completedAt,
        },
      },
    ];
  });
}

/** One stream per partner and business day; the topic is keyed by partner. */
export const reconciliationStream: StreamSpec<
  ReconciliationCommand,
  ReconciliationEvent,
  ReconciliationState
> = {
  producer: PROVIDER_INTEGRATION_PRODUCER,
  decider: reconciliationDecider,
  streamId: (command) => reconciliationStreamId(command.partner, command.businessDate),
  partitionKey: (command) => command.partner,
  toIntegration: reconciliationIntegrationEvents,
};
