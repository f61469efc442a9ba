import type { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@gridpay/contracts';
import { retryTopic } from './event-consumer';

export interface RedriveResult {
  redriven: number;
  byReason: Record<string, number>;
}

/**
 * After a fix, sends a group's dead letters back to that group alone (its retry topic), with their
 * original key, value and headers. Reads the dead-letter topic up to where it ended when the command
 * started, as group "<group>.redrive", so a second run only takes what was dead-lettered since.
 */
export async function redriveDeadLetters(kafka: Kafka, groupId: string): Promise<RedriveResult> {
  const source = deadLetterTopic(groupId);
  const admin = kafka.admin();
  await admin.connect();
  const result: RedriveResult = { redriven: 0, byReason: {} };
  try {
    await admin.createTopics({
      topics: [{ topic: source }, { topic: retryTopic(groupId) }],
      waitForLeaders: true,
    });
    const ends = await admin.fetchTopicOffsets(source);
    const redriveGroup = `${groupId}.redrive`;
    const committed = await admin.fetchOffsets({ groupId: redriveGroup, topics: [source] });
    const remaining = new Map(
      ends.map(({ partition, high }) => {
        const done = committed[0]?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        return [partition, { high: BigInt(high), next: BigInt(done === '-1' ? '0' : done) }];
      }),
    );
    const pending = () => [...remaining.values()].some(({ high, next }) => next < high);
    if (!pending()) return result;

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: redriveGroup });
    await producer.connect();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: source, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommitThreshold: 1,
            eachMessage: async ({ partition, message }) => {
              const state = remaining.get(partition);
              if (!state || BigInt(message.offset) >= state.high) return;
              const headers = { ...message.headers };
              const reason = String(headers['dlq-reason'] ?? 'unknown').replace(/:.*/, '');
              for (const key of Object.keys(headers)) if (key.startsWith('dlq-')) delete headers[key];
              headers['redriven-at'] = new Date().toISOString();
              await producer.send({
                topic: retryTopic(groupId),
                acks: -1,
                messages: [{ key: message.key, value: message.value, headers }],
              });
              result.redriven++;
              result.byReason[reason] = (result.byReason[reason] ?? 0) + 1;
              state.next = BigInt(message.offset) + 1n;
              if (!pending()) resolve();
            },
          })
          .catch(reject);
      });
      await consumer.commitOffsets(
        [...remaining].map(([partition, { next }]) => ({
          topic: source,
          partition,
          offset: next.toString(),
        })),
      );
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
