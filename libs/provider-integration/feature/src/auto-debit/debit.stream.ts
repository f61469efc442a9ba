import {
  DEBIT_RETRY_POLICY,
  debitDeciderWith,
  debitStreamId,
  type RetryPolicy,
  type DebitCommand,
  type DebitEvent,
  type DebitState,
} from '@gridpay/payments/domain';
import type { IntegrationEvent, StreamSpec } from '@gridpay/shared/event-store';
import { PROVIDER_INTEGRATION_PRODUCER } from '../partners/partner.stream';

/** A debit command with the customer it concerns: events are keyed by customer code on Kafka. */
export type DebitStreamCommand = DebitCommand & { customerCode: string };

function debitIntegrationEvents(events: DebitEvent[], state: DebitState): IntegrationEvent[] {
  if (state.status === 'none') return [];
  const { request } = state;
  const common = {
    runId: request.runId,
    mandateId: request.mandateId,
    billId: request.billId,
    customerCode: request.customerCode,
    partner: request.partner,
  };
  return events.flatMap((event): IntegrationEvent[] => {
    switch (event.type) {
      case 'DebitSucceeded':
        return [
          {
            type: 'AutoDebitSucceeded',
            data: {
              ...common,
              amount: event.data.amount,
              paymentId: event.data.paymentId,
              debitedAt: event.data.debitedAt,
              attempt: event.data.attempt,
            },
          },
        ];
      case 'DebitAttemptFailed':
        return [
          {
            type: 'AutoDebitFailed',
            data: {
              ...common,
              amount: event.data.amount,
              reasonCode: event.data.reasonCode,
              reason: event.data.reason,
              attempt: event.data.attempt,
              failedAt: event.data.failedAt,
              willRetry: event.data.willRetry,
              ...(event.data.nextAttemptAt ? { nextAttemptAt: event.data.nextAttemptAt } : {}),
            },
          },
        ];
      default:
        return [];
    }
  });
}

/** One stream per bill; its commits are the record of every attempt, written before each bank call. */
export function debitStream(
  policy: RetryPolicy = DEBIT_RETRY_POLICY,
): StreamSpec<DebitStreamCommand, DebitEvent, DebitState> {
  return {
    producer: PROVIDER_INTEGRATION_PRODUCER,
    decider: debitDeciderWith(policy),
    streamId: (command) => debitStreamId(command.billId),
    partitionKey: (command) => command.customerCode,
    toIntegration: debitIntegrationEvents,
  };
}
