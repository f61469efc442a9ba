/**
 * Auto-debit benchmark: N customers with a mandate each get a bill (BillIssued on Kafka); provider-
 * integration's auto-debit consumer and scheduler debit them at the sandbox bank (a real process over
 * HTTP), 5% of the accounts answering insufficient funds. The clock starts when the bills are on
 * Kafka and stops when every outcome (AutoDebitSucceeded or AutoDebitFailed) has been read back from
 * Kafka through the outbox relay.
 *
 *   node dist/apps/benchmarks/apps/benchmarks/src/auto-debit.bench.js [--mandates 20000] [--concurrency 64]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import mongoose from 'mongoose';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { PARTNER_SEED } from '@gridpay/payments/domain';
import {
  AutoDebitService,
  DueQueue,
  HttpBankAdapter,
  MandatesService,
  OpenBills,
  openBillsProjection,
  PartnerRegistry,
  PaymentDayIndex,
} from '@gridpay/provider-integration/feature';
import { buildEnvelope, EventStore } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { EventConsumer, Lease, OutboxRelay, ProjectionStore } from '@gridpay/shared/messaging';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { freePort, infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { argValue, machine, perSecond, publish, ROOT, timed } from './bench-report';

const MANDATES = argValue('mandates', 20_000);
const CONCURRENCY = argValue('concurrency', 16);
const FAILURE_EVERY = 20; // 5%
const PARTITIONS = 3;
const logger = new JsonLogger('benchmark', 'warn', (line) => process.stderr.write(line + '\n'));
const out = (line: string) => process.stdout.write(line + '\n');

function customerCode(i: number): string {
  return `PB${String(5000 + Math.floor(i / 10_000_000)).padStart(4, '0')}${String(i % 10_000_000).padStart(7, '0')}`;
}

async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** The partner sandbox (the bank) as its own process, from its build. */
async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const main = resolve(ROOT, 'dist/apps/partner-sandbox/apps/partner-sandbox/src/main.js');
  if (!existsSync(main)) {
    const build = spawnSync(
      process.execPath,
      [resolve(ROOT, 'tools/build/build-app.mjs'), 'partner-sandbox'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (build.status !== 0) throw new Error(`building partner-sandbox failed: ${build.stderr}`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'none',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the sandbox bank',
    async () => (await fetch(`${url}/bank/debits?bank=none`).catch(() => undefined))?.status === 200,
    { timeoutMs: 30_000 },
  );
  return { url, child };
}

async function main() {
  out(
    `auto-debit benchmark: ${MANDATES.toLocaleString('en')} mandates, 1 in ${FAILURE_EVERY} accounts short of funds`,
  );
  const prefix = `${uniqueName('bench-ad')}.`;
  const sandbox = await startSandbox();
  const connection = await mongoose
    .createConnection(infra.mongoUri, { dbName: uniqueName('bench-auto-debit') })
    .asPromise();
  const store = new EventStore(connection);
  await store.ensureIndexes();
  const partners = new PartnerRegistry(store, connection, 60_000);
  await partners.seed(PARTNER_SEED);
  // Mandates in a store of their own: their events are not what this run measures going out.
  const mandateStore = new EventStore(connection, 'bench_mandate_commits');
  await mandateStore.ensureIndexes();
  const mandates = new MandatesService(mandateStore, connection, partners);
  const banks = PARTNER_SEED.filter((p) => p.channels.includes('AUTO_DEBIT')).map((p) => p.code);
  const customers = Array.from({ length: MANDATES }, (_, i) => ({
    customerCode: customerCode(i),
    partner: banks[i % banks.length],
    accountRef: `97040${String(i).padStart(9, '0')}`,
    short: i % FAILURE_EVERY === FAILURE_EVERY - 1,
  }));
  const setup = await timed(async () => {
    await inPool(customers, 32, async (c) => {
      await mandates.register({
        partner: c.partner,
        mandateRef: `B${c.customerCode}`,
        customerCode: c.customerCode,
        accountRef: c.accountRef,
      });
    });
    const short = customers
      .filter((c) => c.short)
      .map((c) => ({ accountRef: c.accountRef, outcome: 'insufficient-funds' }));
    const answer = await fetch(`${sandbox.url}/bank/outcomes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcomes: short }),
    });
    if (answer.status !== 204) throw new Error(`setting outcomes: ${answer.status}`);
  });
  out(
    `  set-up (not timed): ${MANDATES.toLocaleString('en')} mandates registered in ${setup.seconds.toFixed(1)} s`,
  );

  const kafka = new KafkaConnection({ clientId: 'benchmark', brokers: infra.kafkaBrokers }, logger);
  await kafka.start();
  const billsTopic = prefix + TOPICS.bills;
  const outcomesTopic = prefix + TOPICS.autoDebit;
  await kafka.ensureTopics([billsTopic, outcomesTopic, prefix + TOPICS.payments], PARTITIONS);
  const bills = customers.map((c) =>
    buildEnvelope(
      'BillIssued',
      {
        billId: `${c.customerCode}-2026-10`,
        customerCode: c.customerCode,
        period: '2026-10',
        kwh: 150,
        lines: [{ label: 'Bậc 1–3', kwh: 150, unitPrice: 2138, amount: 320_700 }],
        subtotal: 320_700,
        vatRate: 8,
        vat: 25_656,
        total: 346_356,
        creditApplied: 0,
        amountDue: 346_356,
        dueDate: '2026-11-04',
        contact: {},
      },
      { producer: 'billing', partitionKey: c.customerCode, correlationId: 'bench-bill-run' },
    ),
  );
  for (let i = 0; i < bills.length; i += 1000)
    await kafka.producer.send({
      topic: billsTopic,
      acks: -1,
      messages: bills.slice(i, i + 1000).map((e) => ({ key: e.partitionKey, value: JSON.stringify(e) })),
    });

  const outcomes: EventEnvelope[] = [];
  const reader = kafka.createConsumer({
    groupId: uniqueName('bench-ad-read'),
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await reader.connect();
  await reader.subscribe({ topics: [outcomesTopic], fromBeginning: true });
  await reader.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const event = JSON.parse(String(message.value)) as EventEnvelope;
        if (event.type === 'AutoDebitSucceeded' || event.type === 'AutoDebitFailed') outcomes.push(event);
      }
    },
  });

  const service = new AutoDebitService(
    store,
    mandates,
    new HttpBankAdapter(`${sandbox.url}/bank`, 10_000),
    new DueQueue(connection),
    new OpenBills(new ProjectionStore(connection, openBillsProjection)),
    new PaymentDayIndex(connection),
    () => new Date(),
    { checkAfterMs: 5_000, concurrency: CONCURRENCY },
    new Logger('bench'),
  );
  const relay = new OutboxRelay(store, connection, kafka.producer, logger, {
    service: prefix,
    topicPrefix: prefix,
    idleDelayMs: 5,
  });
  const consumer = new EventConsumer(kafka, connection, logger, {
    groupId: uniqueName('bench-ad-debits'),
    topics: [billsTopic],
    handler: service,
    // Heartbeats between slices: under FerretDB's single writer a slice of 50 can outlast the session.
    maxBatch: 10,
    fromBeginning: true,
  });
  const lease = new Lease(connection, 'bench-auto-debit-scheduler', 'bench', 30_000);
  await lease.ensureIndexes();
  let running = true;
  let firstOutcomeAt = 0;
  const scheduler = (async () => {
    while (running) {
      const handled = (await lease.hold()) ? await service.runDue(1000) : 0;
      if (handled === 0) await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const { seconds } = await timed(async () => {
    relay.start();
    await consumer.start();
    await waitFor(
      'every outcome on Kafka',
      () => {
        if (!firstOutcomeAt && outcomes.length > 0) firstOutcomeAt = Date.now();
        return new Set(outcomes.map((e) => (e.data as { billId: string }).billId)).size >= MANDATES;
      },
      { timeoutMs: 3_600_000, intervalMs: 50 },
    );
  });
  running = false;
  await scheduler;
  await consumer.stop();
  await relay.stop();
  await reader.disconnect();

  const succeeded = outcomes.filter((e) => e.type === 'AutoDebitSucceeded').length;
  const failed = outcomes.filter((e) => e.type === 'AutoDebitFailed').length;
  const bankDebits = (await (await fetch(`${sandbox.url}/bank/debits?status=SUCCEEDED`)).json()) as {
    count: number;
  };
  const duplicates = outcomes.length - new Set(outcomes.map((e) => e.eventId)).size;
  await kafka.close();
  await connection.dropDatabase();
  await connection.close();
  sandbox.child.kill('SIGKILL');
  const expectedFailures = customers.filter((c) => c.short).length;
  if (succeeded !== MANDATES - expectedFailures || failed < expectedFailures)
    throw new Error(
      `outcomes: ${succeeded} succeeded, ${failed} failed; expected ${MANDATES - expectedFailures} and ${expectedFailures}`,
    );
  if (bankDebits.count !== succeeded)
    throw new Error(`the bank took ${bankDebits.count} debits for ${succeeded} successes`);

  const debitsPerSecond = perSecond(MANDATES, seconds);
  out(
    `  ${debitsPerSecond.toLocaleString('en')} debits/s: every outcome settled and read back from Kafka ${seconds.toFixed(1)} s after the bills were on Kafka ` +
      `(${succeeded.toLocaleString('en')} succeeded, ${failed.toLocaleString('en')} failed with insufficient funds, retry scheduled; bank debits ${bankDebits.count.toLocaleString('en')}; redelivered outcome events ${duplicates})`,
  );
  publish(
    'auto-debit',
    {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      mandates: MANDATES,
      concurrency: CONCURRENCY,
      failureRate: 1 / FAILURE_EVERY,
      secondsUntilEveryOutcomeSettled: Number(seconds.toFixed(2)),
      debitsPerSecond,
      succeeded,
      failed,
      bankDebits: bankDebits.count,
    },
    [
      `| ${MANDATES.toLocaleString('en')} mandates, 5% insufficient funds | |`,
      '|---|---|',
      `| **debits per second** (BillIssued on Kafka → bank call over HTTP → payment + outcome → read back from Kafka) | **${debitsPerSecond.toLocaleString('en')}** |`,
      `| time until every outcome is settled | ${seconds.toFixed(1)} s |`,
      `| succeeded / failed (retry scheduled) / debits the bank took | ${succeeded.toLocaleString('en')} / ${failed.toLocaleString('en')} / ${bankDebits.count.toLocaleString('en')} |`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} cores (${machine().cpuModel}), Node ${process.version}, ${CONCURRENCY} bills at a time, FerretDB and single-node Kafka, the sandbox bank answering at once.`,
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
