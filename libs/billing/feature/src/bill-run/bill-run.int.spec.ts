import { EVN_TARIFFS, quoteReading } from '@gridpay/billing/domain';
import type { EventDataMap } from '@gridpay/contracts';
import { waitFor } from '@gridpay/shared/testing';
import { BillingHarness } from '../billing.harness';
import { syntheticCustomers, syntheticReadings } from '../synthetic/synthetic-district';
import { billStream } from '../bills/bill.streams';
import { CommandHandler } from '@gridpay/shared/event-store';
import { issueBillCommand } from '@gridpay/billing/domain';

jest.setTimeout(240_000);

describe('bill run (real MongoDB-wire server and Kafka)', () => {
  let h: BillingHarness;

  beforeEach(async () => {
    h = await new BillingHarness().setUp();
  });
  afterEach(async () => {
    await h.tearDown();
  });

  it('bills 10,000 synthetic customers once each and publishes every BillIssued to Kafka', async () => {
    const customers = syntheticCustomers(10_000, { seed: 7 });
    await h.customers.save(customers);
    await h.readings.insert(syntheticReadings(customers, '2026-10-20'));
    const seen: number[] = [];

    const result = await h.runner.run('2026-10', {
      chunkSize: 1000,
      onProgress: (p) => seen.push(p.processed),
    });

    expect(result).toMatchObject({
      status: 'completed',
      total: 10_000,
      billed: 10_000,
      alreadyBilled: 0,
      failed: 0,
    });
    expect(seen.at(-1)).toBe(10_000);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    h.startRelay();
    const received = await h.collectBillEvents();
    await waitFor('10,000 BillIssued on Kafka', () => received.length >= 10_000, {
      timeoutMs: 180_000,
      intervalMs: 500,
    });
    const billIds = new Set(received.map((e) => (e.data as EventDataMap['BillIssued']).billId));
    expect(billIds.size).toBe(10_000);
    expect(received.every((e) => e.type === 'BillIssued' && e.correlationId === result.runId)).toBe(true);

    // A business customer's bill is the tariff engine's quote of its reading, on Kafka as in the store.
    const business = customers.find((c) => c.purpose === 'business')!;
    const reading = (await h.readings.get(business.customerCode, '2026-10'))!;
    const onKafka = received.find((e) => e.partitionKey === business.customerCode)!
      .data as EventDataMap['BillIssued'];
    const quote = quoteReading(EVN_TARIFFS, business, reading);
    expect(onKafka).toMatchObject({
      total: quote.total,
      vat: quote.vat,
      amountDue: quote.total,
      dueDate: '2026-11-04',
      reading: { oldIndex: reading.oldIndex, newIndex: reading.newIndex, readDate: '2026-10-20' },
    });
    expect(onKafka.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(quote.subtotal);
  });

  it('a run stopped part-way and started again bills every customer exactly once', async () => {
    const customers = syntheticCustomers(2_000, { seed: 8 });
    await h.customers.save(customers);
    const readings = syntheticReadings(customers, '2026-10-20');
    await h.readings.insert(readings);
    // A crash after a chunk was appended but before progress was saved: bills exist the run does not know of.
    const handler = new CommandHandler(h.store, billStream);
    const early = readings.slice(0, 300).map((reading) => {
      const customer = customers.find((c) => c.customerCode === reading.customerCode)!;
      return issueBillCommand({
        customerCode: reading.customerCode,
        reading,
        recipient: { name: customer.name, commune: customer.commune, contact: customer.contact },
        quote: quoteReading(EVN_TARIFFS, customer, reading),
        creditApplied: 0,
        issuedAt: new Date().toISOString(),
      });
    });
    await handler.startStreams(early, { correlationId: 'crashed-run', now: new Date() });

    const stop = new AbortController();
    const first = await h.runner.run('2026-10', {
      chunkSize: 250,
      signal: stop.signal,
      onProgress: (p) => p.processed >= 750 && stop.abort(),
    });
    expect(first.status).toBe('running');
    expect(first.processed).toBe(750);
    expect(await h.runs.get('2026-10')).toMatchObject({ status: 'running', processed: 750 });

    const resumed = await h.runner.run('2026-10', { chunkSize: 250 });

    expect(resumed).toMatchObject({ status: 'completed', total: 2_000, processed: 2_000, failed: 0 });
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.billed + resumed.alreadyBilled).toBe(2_000);
    expect(resumed.alreadyBilled).toBe(300);
    expect(await h.store.commits.countDocuments({})).toBe(2_000);

    const again = await h.runner.run('2026-10', { chunkSize: 1000 });
    expect(again).toMatchObject({ status: 'completed', billed: 0, alreadyBilled: 2_000 });
    expect(await h.store.commits.countDocuments({})).toBe(2_000);
  });
});
