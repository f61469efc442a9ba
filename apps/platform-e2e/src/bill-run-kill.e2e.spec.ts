import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { syntheticCustomers } from '@gridpay/billing/feature';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { freePort, infra, ServiceProcess, uniqueName, waitFor } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

jest.setTimeout(300_000);

const CUSTOMERS = 3_000;

interface Progress {
  runId: string;
  status: string;
  total: number;
  processed: number;
  billed: number;
  alreadyBilled: number;
  failed: number;
}

async function post(url: string, body?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    ...(body ? { body, headers: { 'content-type': 'text/csv' } } : {}),
  });
  return { status: response.status, body: await response.json() };
}

function customerFile(customers: ReturnType<typeof syntheticCustomers>): string {
  const rows = customers.map((c) =>
    [
      c.customerCode,
      `"${c.name}"`,
      c.commune,
      c.households,
      c.purpose,
      c.voltageBand,
      c.threePriceMeter,
      c.landlordDeclaredOccupants,
      c.contact.phone ?? '',
      c.contact.email ?? '',
    ].join(','),
  );
  return [
    'customerCode,name,commune,households,purpose,voltageBand,threePriceMeter,landlordDeclaredOccupants,phone,email',
    ...rows,
  ].join('\n');
}

function readingBook(customers: ReturnType<typeof syntheticCustomers>): string {
  const rows = customers.map((c, i) => {
    const old = 1000 + i;
    const kwh = 50 + (i % 400);
    const bands = c.threePriceMeter
      ? `,${old},${old + Math.floor(kwh / 5)},0,${kwh - Math.floor(kwh / 5) - Math.floor(kwh / 4)},0,${Math.floor(kwh / 4)}`
      : ',,,,,,';
    return `${c.customerCode},2026-10-20,${old},${old + kwh}${bands}`;
  });
  return [
    'customerCode,readDate,oldIndex,newIndex,peakIndexOld,peakIndexNew,normalIndexOld,normalIndexNew,offPeakIndexOld,offPeakIndexNew',
    ...rows,
  ].join('\n');
}

describe('a bill run killed with SIGKILL and started again', () => {
  const running: ServiceProcess[] = [];
  let consumer: Consumer | undefined;
  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all(running.map((service) => service.kill()));
  });

  it('bills every customer exactly once and publishes one BillIssued per bill', async () => {
    const env = serviceEnv({ MONGODB_DB: uniqueName('e2e-bill-run') });
    const start = async () => {
      const billing = new ServiceProcess('billing', await freePort(), env);
      running.push(billing);
      await billing.waitForReadiness(200);
      return billing;
    };
    const customers = syntheticCustomers(CUSTOMERS, {
      seed: 77,
      unit: `PK${String(Date.now() % 10_000).padStart(4, '0')}`,
    });
    let billing = await start();
    expect((await post(`${billing.url}/customers/import`, customerFile(customers))).body).toMatchObject({
      accepted: CUSTOMERS,
      rejected: [],
    });
    expect((await post(`${billing.url}/readings/import`, readingBook(customers))).body).toMatchObject({
      accepted: CUSTOMERS,
      rejected: [],
    });

    const first = (await post(`${billing.url}/bill-runs/2026-10`)).body as Progress;
    await waitFor(
      'a third of the run done',
      async () => ((await billing.get('/bill-runs/2026-10')).body as Progress).processed >= CUSTOMERS / 3,
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    expect(await billing.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    billing = await start();
    const interrupted = (await billing.get('/bill-runs/2026-10')).body as Progress;
    expect(interrupted).toMatchObject({ status: 'running', runId: first.runId });
    expect(interrupted.processed).toBeLessThan(CUSTOMERS);

    // The killed run's lease has to run out first (409 BILL_RUN_BUSY until then), so two runs never overlap.
    await waitFor(
      'the bill run to start again',
      async () => (await post(`${billing.url}/bill-runs/2026-10`)).status === 202,
      {
        timeoutMs: 60_000,
        intervalMs: 1000,
      },
    );
    const done = await waitFor(
      'the resumed run to finish',
      async () => {
        const progress = (await billing.get('/bill-runs/2026-10')).body as Progress;
        return progress.status !== 'running' ? progress : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    expect(done).toMatchObject({ status: 'completed', runId: first.runId, total: CUSTOMERS, failed: 0 });
    expect(done.billed + done.alreadyBilled).toBe(CUSTOMERS);

    // On Kafka: every bill once, each with a single event id (a re-sent commit repeats its id). The
    // chunk appended just before the kill lost its outbox entries: the relay's sweep re-queues them.
    const eventIdsByBill = new Map<string, Set<string>>();
    const kafka = new Kafka({
      clientId: 'e2e-bill-run',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.ERROR,
    });
    consumer = kafka.consumer({ groupId: uniqueName('e2e-bill-run') });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.bills], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(String(message.value)) as EventEnvelope<{ billId: string }>;
        if (envelope.type !== 'BillIssued' || envelope.correlationId !== first.runId) return;
        const ids = eventIdsByBill.get(envelope.data.billId) ?? new Set<string>();
        ids.add(envelope.eventId);
        eventIdsByBill.set(envelope.data.billId, ids);
      },
    });
    await waitFor('every BillIssued on Kafka', () => eventIdsByBill.size >= CUSTOMERS, {
      timeoutMs: 180_000,
      intervalMs: 250,
    });
    expect(eventIdsByBill.size).toBe(CUSTOMERS);
    expect([...eventIdsByBill.values()].every((ids) => ids.size === 1)).toBe(true);
    const sample = customers[CUSTOMERS - 1].customerCode;
    expect((await billing.get(`/bills/${sample}-2026-10`)).status).toBe(200);
  });
});
