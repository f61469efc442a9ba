import {
  partnerDecider,
  partnerStreamId,
  type PartnerCommand,
  type PartnerEvent,
  type PartnerState,
} from '@gridpay/payments/domain';
import type { StreamSpec } from '@gridpay/shared/event-store';

export const PROVIDER_INTEGRATION_PRODUCER = 'provider-integration';

/** Partners publish nothing: the registry is provider-integration's own business. */
export const partnerStream: StreamSpec<PartnerCommand, PartnerEvent, PartnerState> = {
  producer: PROVIDER_INTEGRATION_PRODUCER,
  decider: partnerDecider,
  streamId: (command) => partnerStreamId(command.code),
  partitionKey: (command) => command.code,
};
