import type { Kafka } from 'kafkajs';
import { readEvent, type KnownEvent } from '@gridpay/contracts';
import type { EventStore } from '@gridpay/shared/event-store';
import type { EventPages } from './projection-store';

/** The integration events of a service's own event store, commit by commit, from `since` on. */
export function eventStoreSource(store: EventStore, pageSize = 1000) {
  return (since?: Date) => {
    let last = since;
    async function* events(): EventPages {
      for await (const commits of store.readAll(pageSize, since)) {
        const page: KnownEvent[] = [];
        for (const commit of commits) {
          for (const envelope of commit.outbox) {
            const read = readEvent(envelope);
            if (read.ok) page.push(read.event);
          }
        }
        last = commits[commits.length - 1].committedAt;
        if (page.length > 0) yield page;
      }
    }
    return { events: events(), position: () => last };
  };
}

type Offsets = Map<string, bigint>;

/**
 * Events of Kafka topics from the beginning (or from `since`) up to their ends at call time, read
 * without a consumer group so live consumers are not disturbed.
 */
export function kafkaSource(kafka: Kafka, topics: string[]) {
  return (since?: Offsets) => {
    let reached: Offsets | undefined;
    async function* events(): EventPages {
      const admin = kafka.admin();
      await admin.connect();
      const ends: Offsets = new Map();
      try {
        for (const topic of topics) {
          for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
            ends.set(`${topic}:${partition}`, BigInt(high));
          }
        }
      } finally {
        await admin.disconnect();
      }
      const next: Offsets = new Map([...ends.keys()].map((key) => [key, since?.get(key) ?? 0n]));
      reached = next;
      const pending = () => [...ends].some(([key, high]) => (next.get(key) ?? 0n) < high);
      if (!pending()) return;
      const consumer = kafka.consumer({
        groupId: `rebuild-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
      });
      const queue: KnownEvent[][] = [];
      let wake: (() => void) | undefined;
      let done = false;
      let failure: unknown;
      await consumer.connect();
      try {
        for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const key = `${batch.topic}:${batch.partition}`;
              const high = ends.get(key) ?? 0n;
              const from = next.get(key) ?? 0n;
              const page: KnownEvent[] = [];
              for (const message of batch.messages) {
                const offset = BigInt(message.offset);
                if (offset < from || offset >= high) continue;
                const read = readEvent(message.value ?? '');
                if (read.ok) page.push(read.event);
                next.set(key, offset + 1n);
              }
              if (page.length > 0) queue.push(page);
              if (!pending()) done = true;
              wake?.();
            },
          })
          .catch((error) => {
            failure = error;
            done = true;
            wake?.();
          });
        while (!done || queue.length > 0) {
          const page = queue.shift();
          if (page) yield page;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
        if (failure) throw failure;
      } finally {
        await consumer.disconnect();
      }
    }
    return { events: events(), position: () => reached };
  };
}
