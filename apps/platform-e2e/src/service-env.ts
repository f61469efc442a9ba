import { infra, uniqueName } from '@gridpay/shared/testing';

/** The environment `npm run up` gives a service, pointed at the test infrastructure. */
export function serviceEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URI: infra.mongoUri,
    MONGODB_DB: uniqueName('e2e'),
    ...overrides,
  };
}
