import { context, propagation } from '@opentelemetry/api';
import { currentVersionOf, type EventDataMap, type EventEnvelope, type EventType } from '@gridpay/contracts';
import { uuidv7 } from '@gridpay/shared/ids';

export interface EnvelopeOrigin {
  producer: string;
  partitionKey: string;
  correlationId: string;
  causationId?: string;
  occurredAt?: string;
  eventId?: string;
}

/**
 * Wraps integration-event data in the envelope, at the current schema version, carrying the W3C
 * trace context of the operation that produced it (so the trace continues where it is consumed).
 */
export function buildEnvelope<T extends EventType>(
  type: T,
  data: EventDataMap[T],
  origin: EnvelopeOrigin,
): EventEnvelope<EventDataMap[T], T> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    eventId: origin.eventId ?? uuidv7(),
    type,
    schemaVersion: currentVersionOf(type),
    occurredAt: origin.occurredAt ?? new Date().toISOString(),
    producer: origin.producer,
    partitionKey: origin.partitionKey,
    correlationId: origin.correlationId,
    ...(origin.causationId ? { causationId: origin.causationId } : {}),
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
    data,
  };
}
