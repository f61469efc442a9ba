import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@gridpay/contracts';
import { infra, uniqueName } from './infra-endpoints';
import { ServiceProcess } from './service-process';
import { freePort } from './tcp-proxy';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../../../..');

/**
 * A fresh consumer group starts at the end of the shared bills topic: read from the beginning, the
 * history other runs left there (thousands of bills) takes the open-bills projection minutes.
 */
export async function startGroupAtTail(groupId: string, topic: string = TOPICS.bills): Promise<void> {
  const admin = new Kafka({
    clientId: 'test-admin',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return;
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Billing's consumer groups (billing.module.ts) and the topic each reads. */
const BILLING_GROUPS: Record<string, string> = {
  'billing.settlement': TOPICS.payments,
  'billing.customers': TOPICS.customers,
  'billing.meter-readings': TOPICS.meterReadings,
};

/**
 * A KAFKA_GROUP_PREFIX for a billing process whose groups start at the topics' ends. With the
 * plain group names a test's billing would first settle the payments every earlier run left on the
 * shared topic (unknown bills in its fresh database), which can take longer than the test waits.
 */
export async function billingGroupsAtTail(label: string): Promise<string> {
  const prefix = `${uniqueName(label)}.`;
  for (const [group, topic] of Object.entries(BILLING_GROUPS)) await startGroupAtTail(prefix + group, topic);
  return prefix;
}

/** Builds dist/apps/<app> when a test runs without `./gridpay build` before it. */
export function buildAppIfMissing(app: string): void {
  if (existsSync(join(ROOT, 'dist/apps', app, 'apps', app, 'src/main.js'))) return;
  const build = spawnSync(process.execPath, [resolve(ROOT, 'tools/build/build-app.mjs'), app], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building ${app} failed: ${build.stderr}`);
}

/**
 * The built provider-integration service as a process (as in production) with a database of its own
 * and an open-bills group started at the end of the bills topic, once ready and its 11 partners seeded.
 * `prefix` names the database (`<prefix>-pi`) and groups (`<prefix>-open-bills`); `env` adds to them.
 */
export async function startProviderIntegrationProcess(
  prefix: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  buildAppIfMissing('provider-integration');
  const openBillsGroup = uniqueName(`${prefix}-open-bills`);
  await startGroupAtTail(openBillsGroup);
  const providerIntegration = new ServiceProcess('provider-integration', await freePort(), {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URI: infra.mongoUri,
    MONGODB_DB: uniqueName(`${prefix}-pi`),
    OPEN_BILLS_GROUP: openBillsGroup,
    LOG_LEVEL: 'warn',
    ...env,
  });
  try {
    await providerIntegration.waitForReadiness(200);
    await waitFor('the 11 partners seeded', async () => {
      const answer = await providerIntegration.get('/admin/partners');
      return Array.isArray(answer.body) && answer.body.length === 11;
    });
  } catch (error) {
    await providerIntegration.kill();
    throw error;
  }
  return providerIntegration;
}
