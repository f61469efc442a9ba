/** The raw limits of this machine's servers, measured in the same run as a benchmark's pipeline. */
import mongoose from 'mongoose';
import { Partitioners, type Kafka } from 'kafkajs';
import type { EventEnvelope } from '@gridpay/contracts';
import { infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { perSecond, timed } from './bench-report';
import { cpuMeter, type CpuUse } from './cpu-by-process';

export function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** kafkajs alone: the same messages produced (same producer settings as the relay) and consumed. */
export async function kafkaCeiling(
  kafka: Kafka,
  envelopes: EventEnvelope[],
  partitions: number,
): Promise<number> {
  const topic = uniqueName('bench-raw');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: uniqueName('bench-raw'),
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  await consumer.run({ eachBatch: async ({ batch }) => void (consumed += batch.messages.length) });
  const messages = envelopes.map((e) => ({ key: e.partitionKey, value: JSON.stringify(e) }));
  const { seconds } = await timed(async () => {
    for (const part of chunk(messages, 1000))
      await producer.sendBatch({ topicMessages: [{ topic, messages: part }], acks: -1 });
    await waitFor('raw consume', () => consumed >= envelopes.length, { timeoutMs: 600_000, intervalMs: 20 });
  });
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return perSecond(envelopes.length, seconds);
}

/** MongoDB alone: the same envelopes bulk-inserted, one document each, and the CPU that took. */
export async function mongoCeiling(envelopes: EventEnvelope[]): Promise<{ perSecond: number; cpu: CpuUse }> {
  const connection = await mongoose
    .createConnection(infra.mongoUri, { dbName: uniqueName('bench-raw') })
    .asPromise();
  const collection = connection.collection('raw_inserts');
  const meter = cpuMeter();
  const { seconds } = await timed(async () => {
    for (const part of chunk(envelopes, 1000))
      await collection.insertMany(
        part.map((e) => ({ ...e })),
        { ordered: false },
      );
  });
  const cpu = meter.stop();
  await connection.dropDatabase();
  await connection.close();
  return { perSecond: perSecond(envelopes.length, seconds), cpu };
}
