/**
 * Bill run benchmark: N synthetic customers with a reading each are billed by the bill run, and the
 * clock stops when the last BillIssued has been read back from Kafka (through the outbox relay). In
 * the same run, on the same servers, the raw ceilings for the same BillIssued payloads: kafkajs
 * produce+consume alone and MongoDB-wire bulk insert alone.
 *
 *   node dist/apps/benchmarks/apps/benchmarks/src/bill-run.bench.js [--customers 100000] [--chunk 1000]
 */
import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import {
  BillRunner,
  BillRunStore,
  CreditHolders,
  CustomerRepository,
  ReadingRepository,
  syntheticCustomers,
  syntheticReadings,
} from '@gridpay/billing/feature';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { OutboxRelay } from '@gridpay/shared/messaging';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { argValue, machine, perSecond, publish, timed } from './bench-report';
import { kafkaCeiling, mongoCeiling } from './raw-ceilings';
import { cpuMeter, describeCpu } from './cpu-by-process';

const CUSTOMERS = argValue('customers', 100_000);
const CHUNK = argValue('chunk', 1000);
const PARTITIONS = 3;
const TARGET = 2000;
const logger = new JsonLogger('benchmark', 'warn', (line) => process.stderr.write(line + '\n'));
const out = (line: string) => process.stdout.write(line + '\n');

async function billRunToKafka() {
  const prefix = `${uniqueName('bench-bills')}.`;
  const connection = await mongoose
    .createConnection(infra.mongoUri, { dbName: uniqueName('bench-bill-run') })
    .asPromise();
  const store = new EventStore(connection);
  await store.ensureIndexes();
  const customers = new CustomerRepository(connection);
  const readings = new ReadingRepository(connection);
  const district = syntheticCustomers(CUSTOMERS, { seed: 42 });
  const setup = await timed(async () => {
    await customers.save(district);
    await readings.insert(syntheticReadings(district, '2026-10-20'));
  });
  out(
    `  set-up (not timed): ${CUSTOMERS.toLocaleString('en')} customers and readings stored in ${setup.seconds.toFixed(1)} s`,
  );

  const kafka = new KafkaConnection({ clientId: 'benchmark', brokers: infra.kafkaBrokers }, logger);
  await kafka.start();
  const topic = prefix + TOPICS.bills;
  await kafka.ensureTopics([topic], PARTITIONS);
  const received: EventEnvelope[] = [];
  const consumer = kafka.createConsumer({
    groupId: uniqueName('bench-bills'),
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) received.push(JSON.parse(String(message.value)));
    },
  });
  const relay = new OutboxRelay(store, connection, kafka.producer, logger, {
    service: prefix,
    topicPrefix: prefix,
    idleDelayMs: 5,
  });
  const runner = new BillRunner(
    store,
    connection,
    customers,
    readings,
    new CreditHolders(connection),
    new BillRunStore(connection),
    new Logger('bench'),
  );
  relay.start();
  let runSeconds = 0;
  const meter = cpuMeter();
  const { seconds, result } = await timed(async () => {
    const started = Date.now();
    const run = await runner.run('2026-10', { chunkSize: CHUNK });
    runSeconds = (Date.now() - started) / 1000;
    await waitFor('every BillIssued on Kafka', () => received.length >= CUSTOMERS, {
      timeoutMs: 3_600_000,
      intervalMs: 20,
    });
    return run;
  });
  const cpu = meter.stop();
  await relay.stop();
  await consumer.disconnect();
  await kafka.close();
  await connection.dropDatabase();
  await connection.close();
  if (result.billed !== CUSTOMERS) throw new Error(`billed ${result.billed} of ${CUSTOMERS}`);
  const distinct = new Set(received.map((e) => (e.data as { billId: string }).billId)).size;
  if (distinct !== CUSTOMERS) throw new Error(`${distinct} distinct bills on Kafka, expected ${CUSTOMERS}`);
  return { seconds, runSeconds, cpu, envelopes: received.slice(0, CUSTOMERS) };
}

async function main() {
  out(
    `bill run benchmark: ${CUSTOMERS.toLocaleString('en')} customers, chunks of ${CHUNK}, ${PARTITIONS} partitions`,
  );
  const e2e = await billRunToKafka();
  const billsPerSecond = perSecond(CUSTOMERS, e2e.seconds);
  out(
    `  end to end (bill run → outbox → Kafka → read back)  ${billsPerSecond.toLocaleString('en')} bills/s ` +
      `(bill run done at ${e2e.runSeconds.toFixed(1)} s = ${perSecond(CUSTOMERS, e2e.runSeconds).toLocaleString('en')}/s, last BillIssued read at ${e2e.seconds.toFixed(1)} s)\n` +
      `    CPU meanwhile, per bill: ${describeCpu(e2e.cpu, CUSTOMERS)}`,
  );
  const raw = new Kafka({ clientId: 'benchmark-raw', brokers: infra.kafkaBrokers, logLevel: logLevel.ERROR });
  const kafkaRaw = await kafkaCeiling(raw, e2e.envelopes, PARTITIONS);
  out(`  raw kafkajs produce+consume of the same BillIssued   ${kafkaRaw.toLocaleString('en')} msgs/s`);
  const { perSecond: mongoRaw, cpu: mongoRawCpu } = await mongoCeiling(e2e.envelopes);
  out(
    `  raw MongoDB-wire bulk insert of them                 ${mongoRaw.toLocaleString('en')} docs/s\n` +
      `    CPU meanwhile, per document: ${describeCpu(mongoRawCpu, CUSTOMERS)}`,
  );
  const slower = Math.min(kafkaRaw, mongoRaw);
  const ratio = billsPerSecond / slower;
  const meets = billsPerSecond >= TARGET;
  const hoursFor27M = 27_000_000 / billsPerSecond / 3600;
  out(
    `  ${(ratio * 100).toFixed(0)}% of the slower ceiling; EVN's 27 million customers would take ${hoursFor27M.toFixed(1)} h → ${meets ? 'meets' : 'MISSES'} the target (>= ${TARGET.toLocaleString('en')} bills/s)`,
  );
  publish(
    'bill-run',
    {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      customers: CUSTOMERS,
      chunk: CHUNK,
      partitions: PARTITIONS,
      endToEnd: { billsPerSecond, seconds: e2e.seconds, billRunDoneAtSeconds: e2e.runSeconds, cpu: e2e.cpu },
      ceilings: {
        kafkaProduceConsumePerSecond: kafkaRaw,
        mongoBulkInsertPerSecond: mongoRaw,
        mongoBulkInsertCpu: mongoRawCpu,
      },
      ratioToSlowerCeiling: Number(ratio.toFixed(3)),
      hoursFor27MillionCustomers: Number(hoursFor27M.toFixed(2)),
      target: { billsPerSecond: TARGET },
      meetsTarget: meets,
    },
    [
      `| ${CUSTOMERS.toLocaleString('en')} customers | per second |`,
      '|---|---|',
      `| raw ceiling: kafkajs produce + consume of the same BillIssued payloads | ${kafkaRaw.toLocaleString('en')} |`,
      `| raw ceiling: MongoDB-wire bulk insert of them | ${mongoRaw.toLocaleString('en')} |`,
      `| **bill run end to end, until the last BillIssued is read back from Kafka** | **${billsPerSecond.toLocaleString('en')}** (${(ratio * 100).toFixed(0)}% of the slower ceiling) |`,
      `| the bill run alone (bills appended with their outbox) | ${perSecond(CUSTOMERS, e2e.runSeconds).toLocaleString('en')} |`,
      '',
      `CPU during the end-to-end run, per bill: ${describeCpu(e2e.cpu, CUSTOMERS)}.`,
      '',
      `CPU during the raw bulk insert, per document: ${describeCpu(mongoRawCpu, CUSTOMERS)}.`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} cores (${machine().cpuModel}), Node ${process.version}; target >= ${TARGET.toLocaleString('en')} bills/s: ${meets ? 'met' : 'missed'} (27 M customers in ${hoursFor27M.toFixed(1)} h).`,
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
