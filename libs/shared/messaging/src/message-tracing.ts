import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { EventEnvelope } from '@gridpay/contracts';

const tracer = trace.getTracer('gridpay-messaging');

export type KafkaHeaders = Record<string, string>;

function originContext(envelope: Pick<EventEnvelope, 'traceparent' | 'tracestate'>) {
  if (!envelope.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, {
    traceparent: envelope.traceparent,
    ...(envelope.tracestate ? { tracestate: envelope.tracestate } : {}),
  });
}

/**
 * A PRODUCER span for one event, child of the operation that appended it (its stored trace context),
 * injected into the Kafka headers so the consumer's span becomes its child. The relay publishes long
 * after the request that caused the event, possibly in another process: that is why the context
 * comes from the envelope and not from the relay's own context.
 */
export function startPublishSpan(
  envelope: EventEnvelope,
  topic: string,
): { span: Span; headers: KafkaHeaders } {
  const span = tracer.startSpan(
    `publish ${envelope.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': envelope.eventId,
        'messaging.kafka.message.key': envelope.partitionKey,
      },
    },
    originContext(envelope),
  );
  const headers: KafkaHeaders = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
  return { span, headers };
}

export function headersToStrings(headers: Record<string, unknown> | undefined): KafkaHeaders {
  const out: KafkaHeaders = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[key] = Array.isArray(value)
      ? String(value[value.length - 1])
      : Buffer.isBuffer(value)
        ? value.toString()
        : String(value);
  }
  return out;
}

/**
 * Runs `work` inside a CONSUMER span whose parent is the producer span found in the message headers,
 * linked to the event's origin when that is another trace.
 */
export async function withConsumeSpan<T>(
  envelope: EventEnvelope,
  headers: KafkaHeaders,
  group: string,
  work: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const origin = trace.getSpanContext(originContext(envelope));
  const links: Link[] = origin ? [{ context: origin }] : [];
  const span = tracer.startSpan(
    `process ${envelope.type}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': group,
        'messaging.message.id': envelope.eventId,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
