import type { Admin } from 'kafkajs';
import { infra } from './infra-endpoints';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor, type WaitOptions } from './wait-for';

/** Waits until a consumer group has committed every partition of its topics up to their end. */
export async function waitForGroupCaughtUp(
  admin: Admin,
  groupId: string,
  topics: string[],
  options?: WaitOptions,
) {
  await waitFor(
    `group ${groupId} to commit to the end of ${topics.join(', ')}`,
    async () => {
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const { partition, high } of ends) {
          const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          if (high !== '0' && BigInt(offset) < BigInt(high)) return false;
        }
      }
      return true;
    },
    options,
  );
}

const INFRA_SCRIPT = resolve(__dirname, '../../../../deploy/local/infra.sh');

/**
 * Stops and starts the local Kafka broker (deploy/local/infra.sh), for tests of what happens while
 * it is away. Undefined when the tests run against an external cluster, which they must not stop.
 */
export function localKafkaControl(): { stop(): void; start(): void } | undefined {
  const local =
    /^(127\.0\.0\.1|localhost):/.test(infra.kafkaBrokers[0] ?? '') && infra.kafkaBrokers.length === 1;
  if (!local) return undefined;
  const run = (command: string) => {
    const result = spawnSync('bash', [INFRA_SCRIPT, command, 'kafka'], {
      encoding: 'utf8',
      env: process.env,
    });
    if (result.status !== 0)
      throw new Error(`infra.sh ${command} kafka failed: ${result.stderr || result.stdout}`);
  };
  return { stop: () => run('stop'), start: () => run('start') };
}
