import { randomBytes } from 'node:crypto';

/**
 * Where the integration tests find the real infrastructure: the servers deploy/local/infra.sh
 * started, or a real cluster named by the same variables the services read.
 */
export const infra = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
  mongoUri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true',
  zipkinUrl:
    process.env.ZIPKIN_URL ??
    process.env.OTEL_EXPORTER_ZIPKIN_ENDPOINT?.replace(/\/api\/v2\/spans$/, '') ??
    'http://127.0.0.1:9411',
};

/** A name no earlier test run used: fresh topics, groups and databases per test. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
