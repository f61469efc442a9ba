import { billingGroupsAtTail, freePort, infra, ServiceProcess, uniqueName } from '@gridpay/shared/testing';

/** The environment `npm run up` gives a service, pointed at the test infrastructure. */
export function serviceEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URI: infra.mongoUri,
    MONGODB_DB: uniqueName('e2e'),
    ...overrides,
  };
}

/** Billing as a process, its consumer groups of its own at the topics' ends (billingGroupsAtTail). */
export async function billingProcess(): Promise<ServiceProcess> {
  const groupPrefix = await billingGroupsAtTail('e2e-billing');
  return new ServiceProcess('billing', await freePort(), serviceEnv({ KAFKA_GROUP_PREFIX: groupPrefix }));
}
