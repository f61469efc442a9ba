import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK for one service. Call it before Nest or mongoose are loaded:
 * instrumentation patches modules as they are required. Exporters come from the standard OTEL_*
 * variables (OTEL_TRACES_EXPORTER=zipkin|otlp|console|none, OTEL_EXPORTER_*_ENDPOINT).
 */
export function startTelemetry(serviceName: string): Telemetry {
  // Only traces are wired to a dashboard; without these defaults the SDK would also try OTLP for
  // metrics and logs and complain every few seconds when no collector listens.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';

  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? serviceName,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/health/'),
      }),
      new ExpressInstrumentation(),
      // fetch() runs on undici, which the http instrumentation does not see: without this a call made
      // with fetch (the gateway's to provider-integration) carries no traceparent and the trace breaks.
      new UndiciInstrumentation(),
      // No contrib kafkajs instrumentation: it would overwrite the traceparent header the outbox relay
      // sets from the event's own trace, and parents batch-consumed messages on the batch. Kafka spans
      // come from libs/shared/messaging (publish <type> / process <type>, messaging semconv).
      new MongoDBInstrumentation(),
      new MongooseInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
