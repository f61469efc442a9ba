/**
 * Event backbone benchmark: N events through event store → outbox relay → Kafka → consumer →
 * projection, next to the raw ceilings measured in the same run on the same servers: kafkajs
 * produce+consume of the same payloads alone, and bulk inserts of them into the same database alone.
 *
 *   node dist/apps/benchmarks/apps/benchmarks/src/event-backbone.bench.js [--events 100000] [--per-commit 10]
 */
import mongoose from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { buildEnvelope, EventStore, type AppendRequest } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { EventConsumer, OutboxRelay, ProjectionStore } from '@gridpay/shared/messaging';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { paidByCustomer, testCustomerCode, type AccountEvent } from '@gridpay/shared/event-store/testing';
import { argValue, machine, perSecond, publish, timed } from './bench-report';
import { chunk, kafkaCeiling, mongoCeiling } from './raw-ceilings';
import { cpuMeter, describeCpu } from './cpu-by-process';

const EVENTS = argValue('events', 100_000);
const PER_COMMIT = argValue('per-commit', 10);
const COMMITS_PER_APPEND = 100;
const PARTITIONS = 3;
const logger = new JsonLogger('benchmark', 'warn', (line) => process.stderr.write(line + '\n'));

function payments(count: number): Array<{ event: AccountEvent; envelope: EventEnvelope }> {
  const out = [];
  let customerCode = testCustomerCode();
  for (let i = 0; i < count; i++) {
    if (i % PER_COMMIT === 0) customerCode = testCustomerCode();
    const data = {
      customerCode,
      paymentId: `bench-${i}`,
      amount: 100_000 + (i % 900_000),
      paidAt: '2026-11-25T08:00:00Z',
    };
    const envelope = buildEnvelope(
      'PaymentReceived',
      { ...data, partner: 'vietinbank', channel: 'auto-debit', cashless: true, partnerReference: `VTB${i}` },
      { producer: 'benchmark', partitionKey: customerCode, correlationId: 'bench' },
    );
    out.push({ event: { type: 'PaymentRecorded' as const, data }, envelope });
  }
  return out;
}

/** A fresh event store, relay and consumer feeding the projection, on their own database and topic. */
async function pipeline(items: Array<{ event: AccountEvent; envelope: EventEnvelope }>) {
  const prefix = `${uniqueName('bench')}.`;
  const connection = await mongoose
    .createConnection(infra.mongoUri, { dbName: uniqueName('bench-e2e') })
    .asPromise();
  const store = new EventStore(connection);
  await store.ensureIndexes();
  const kafka = new KafkaConnection({ clientId: 'benchmark', brokers: infra.kafkaBrokers }, logger);
  await kafka.start();
  await kafka.ensureTopics([prefix + TOPICS.payments], PARTITIONS);
  const relay = new OutboxRelay(store, connection, kafka.producer, logger, {
    service: prefix,
    topicPrefix: prefix,
    idleDelayMs: 5,
  });
  const projection = new ProjectionStore(connection, paidByCustomer);
  const consumer = new EventConsumer(kafka, connection, logger, {
    groupId: uniqueName('bench-e2e'),
    topics: [prefix + TOPICS.payments],
    handler: projection,
    inbox: false,
    maxBatch: 2000,
  });
  const commits: AppendRequest<AccountEvent>[] = chunk(items, PER_COMMIT).map((group) => ({
    streamId: `account-${group[0].event.data.customerCode}`,
    expectedVersion: 0,
    partitionKey: group[0].event.data.customerCode,
    events: group.map((g) => g.event),
    outbox: group.map((g) => g.envelope),
  }));
  return {
    store,
    relay,
    consumer,
    projection,
    appendAll: async () => {
      for (const part of chunk(commits, COMMITS_PER_APPEND)) await store.appendMany(part);
    },
    published: () => relay.stats.published >= items.length,
    projected: () => consumer.stats.handled >= items.length,
    close: async () => {
      await relay.stop();
      await consumer.stop();
      await kafka.close();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

const LONG = { timeoutMs: 1_800_000, intervalMs: 20 };

/** All stages at once: the figure that counts. */
async function endToEnd(items: Array<{ event: AccountEvent; envelope: EventEnvelope }>) {
  const p = await pipeline(items);
  await p.consumer.start();
  p.relay.start();
  const stages = { appendedAt: 0, publishedAt: 0 };
  const meter = cpuMeter();
  const { seconds } = await timed(async () => {
    const started = Date.now();
    const appending = p.appendAll().then(() => (stages.appendedAt = (Date.now() - started) / 1000));
    await waitFor(
      'every event projected',
      () => {
        if (!stages.publishedAt && p.published()) stages.publishedAt = (Date.now() - started) / 1000;
        return p.projected();
      },
      LONG,
    );
    await appending;
  });
  const cpu = meter.stop();
  const customers = (await p.projection.all()).length;
  await p.close();
  return { eventsPerSecond: perSecond(items.length, seconds), seconds, customers, ...stages, cpu };
}

/** One stage after the other, to see what each costs alone. */
async function stagesAlone(items: Array<{ event: AccountEvent; envelope: EventEnvelope }>) {
  const p = await pipeline(items);
  const append = await timed(() => p.appendAll());
  p.relay.start();
  const publish = await timed(() => waitFor('every event published', p.published, LONG));
  const consume = await timed(async () => {
    await p.consumer.start();
    await waitFor('every event projected', p.projected, LONG);
  });
  await p.close();
  return {
    appendPerSecond: perSecond(items.length, append.seconds),
    relayPerSecond: perSecond(items.length, publish.seconds),
    consumePerSecond: perSecond(items.length, consume.seconds),
  };
}

async function main() {
  const items = payments(EVENTS);
  const envelopes = items.map((i) => i.envelope);
  const kafka = new Kafka({
    clientId: 'benchmark-raw',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  process.stdout.write(
    `event backbone benchmark: ${EVENTS} events, ${PER_COMMIT} per commit, ${PARTITIONS} partitions\n`,
  );

  const kafkaRaw = await kafkaCeiling(kafka, envelopes, PARTITIONS);
  process.stdout.write(`  raw kafkajs produce+consume   ${kafkaRaw.toLocaleString('en')} events/s\n`);
  const { perSecond: mongoRaw, cpu: mongoRawCpu } = await mongoCeiling(envelopes);
  process.stdout.write(
    `  raw MongoDB bulk insert       ${mongoRaw.toLocaleString('en')} docs/s\n` +
      `    CPU meanwhile, per document: ${describeCpu(mongoRawCpu, EVENTS)}\n`,
  );
  const e2e = await endToEnd(items);
  process.stdout.write(
    `  end to end                    ${e2e.eventsPerSecond.toLocaleString('en')} events/s ` +
      `(appended by ${e2e.appendedAt.toFixed(1)} s, published by ${e2e.publishedAt.toFixed(1)} s, projected by ${e2e.seconds.toFixed(1)} s)\n` +
      `    CPU meanwhile, per event: ${describeCpu(e2e.cpu, EVENTS)}\n`,
  );
  const alone = await stagesAlone(items);
  process.stdout.write(
    `  each stage alone              append ${alone.appendPerSecond.toLocaleString('en')}, relay (with start-up sweep) ${alone.relayPerSecond.toLocaleString('en')}, ` +
      `consume+project ${alone.consumePerSecond.toLocaleString('en')} events/s\n`,
  );
  const slower = Math.min(kafkaRaw, mongoRaw);
  const ratio = e2e.eventsPerSecond / slower;
  const verdict = e2e.eventsPerSecond >= 5000 && ratio >= 0.5 ? 'meets' : 'MISSES';
  process.stdout.write(
    `  ratio to the slower ceiling   ${(ratio * 100).toFixed(0)}%  → ${verdict} the target (>= 5,000 events/s and >= 50%)\n`,
  );

  publish(
    'event-backbone',
    {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      events: EVENTS,
      eventsPerCommit: PER_COMMIT,
      partitions: PARTITIONS,
      ceilings: {
        kafkaProduceConsumePerSecond: kafkaRaw,
        mongoBulkInsertPerSecond: mongoRaw,
        mongoBulkInsertCpu: mongoRawCpu,
      },
      endToEnd: e2e,
      stagesAlone: alone,
      ratioToSlowerCeiling: Number(ratio.toFixed(3)),
      target: { eventsPerSecond: 5000, ratioToSlowerCeiling: 0.5 },
      meetsTarget: verdict === 'meets',
    },
    [
      `| ${EVENTS.toLocaleString('en')} events, ${PER_COMMIT} per commit | events/s |`,
      '|---|---|',
      `| raw ceiling: kafkajs produce + consume alone | ${kafkaRaw.toLocaleString('en')} |`,
      `| raw ceiling: MongoDB-wire bulk insert alone | ${mongoRaw.toLocaleString('en')} |`,
      `| **end to end: store → relay → Kafka → consumer → projection** | **${e2e.eventsPerSecond.toLocaleString('en')}** (${(ratio * 100).toFixed(0)}% of the slower ceiling) |`,
      `| each stage alone: append / relay (with its start-up sweep of the store) / consume + project | ${alone.appendPerSecond.toLocaleString('en')} / ${alone.relayPerSecond.toLocaleString('en')} / ${alone.consumePerSecond.toLocaleString('en')} |`,
      '',
      `CPU during the end-to-end run, per event: ${describeCpu(e2e.cpu, EVENTS)}.`,
      '',
      `CPU during the raw bulk insert, per document: ${describeCpu(mongoRawCpu, EVENTS)}.`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} cores (${machine().cpuModel}), Node ${process.version}; target >= 5,000 events/s and >= 50%: ${verdict === 'meets' ? 'met' : 'missed'}.`,
    ],
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`benchmark failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
