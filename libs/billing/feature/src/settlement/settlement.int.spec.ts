import type { EventDataMap, KnownEvent } from '@gridpay/contracts';
import { buildEnvelope } from '@gridpay/shared/event-store';
import { uniqueName } from '@gridpay/shared/testing';
import { BillingHarness } from '../billing.harness';
import { syntheticCustomers, syntheticReadings } from '../synthetic/synthetic-district';

jest.setTimeout(120_000);

const received = (
  data: Partial<EventDataMap['PaymentReceived']> & { customerCode: string; amount: number },
) =>
  buildEnvelope(
    'PaymentReceived',
    {
      paymentId: uniqueName('pay'),
      partner: 'vietinbank',
      channel: 'internet-banking',
      cashless: true,
      partnerReference: uniqueName('ref'),
      paidAt: '2026-11-02T03:00:00Z',
      ...data,
    },
    { producer: 'test', partitionKey: data.customerCode, correlationId: 'it' },
  ) as KnownEvent;

const reversed = (payment: KnownEvent & { type: 'PaymentReceived' }) =>
  buildEnvelope(
    'PaymentReversed',
    {
      paymentId: payment.data.paymentId,
      customerCode: payment.data.customerCode,
      amount: payment.data.amount,
      partner: payment.data.partner,
      reason: 'customer cancelled at the counter',
      reversedAt: '2026-11-02T04:00:00Z',
    },
    { producer: 'test', partitionKey: payment.data.customerCode, correlationId: 'it' },
  ) as KnownEvent;

describe('settlement of payments on bills (real MongoDB-wire server)', () => {
  let h: BillingHarness;
  const [alice, bob, carol] = syntheticCustomers(3, { seed: 11 }).map((c) => ({
    ...c,
    purpose: 'residential' as const,
    threePriceMeter: false,
  }));

  beforeEach(async () => {
    h = await new BillingHarness().setUp();
    await h.customers.save([alice, bob, carol]);
    await h.readings.insert(syntheticReadings([alice, bob, carol], '2026-09-20'));
    await h.runner.run('2026-09');
    await h.readings.insert(syntheticReadings([alice, bob, carol], '2026-10-20', { seed: 3 }));
    await h.runner.run('2026-10');
  });
  afterEach(async () => {
    await h.tearDown();
  });

  const bill = async (code: string, period: string) => (await h.queries.get(`${code}-${period}`))!;

  it('pays a named bill once, however often the payment is delivered', async () => {
    const due = (await bill(alice.customerCode, '2026-10')).amountDue;
    const payment = received({
      customerCode: alice.customerCode,
      billId: `${alice.customerCode}-2026-10`,
      amount: due,
    });

    await h.settlement.handle([payment]);
    await h.settlement.handle([payment]);

    expect(await bill(alice.customerCode, '2026-10')).toMatchObject({
      status: 'paid',
      paid: due,
      outstanding: 0,
    });
    const commits = await h.store.allCommits();
    const settled = commits.flatMap((c) => c.outbox).filter((e) => e.type === 'BillSettled');
    expect(settled).toHaveLength(1);
    expect(settled[0].data).toMatchObject({ status: 'paid', amountApplied: due, outstanding: 0 });
    expect(await h.settlement.listIssues(alice.customerCode)).toEqual([]);
  });

  it('without a bill id pays the oldest open bills first', async () => {
    const september = (await bill(bob.customerCode, '2026-09')).amountDue;
    const october = (await bill(bob.customerCode, '2026-10')).amountDue;

    await h.settlement.handle([received({ customerCode: bob.customerCode, amount: september + 1_000 })]);

    expect(await bill(bob.customerCode, '2026-09')).toMatchObject({ status: 'paid' });
    expect(await bill(bob.customerCode, '2026-10')).toMatchObject({
      status: 'partly-paid',
      outstanding: october - 1_000,
    });
    expect((await h.settlement.listIssues(bob.customerCode)).map((i) => i.kind)).toEqual(['underpaid']);
  });

  it('keeps an overpayment as credit and the next bill run takes it off the next bill', async () => {
    const due = (await bill(carol.customerCode, '2026-10')).amountDue;
    await h.settlement.handle([
      received({
        customerCode: carol.customerCode,
        billId: `${carol.customerCode}-2026-10`,
        amount: due + 50_000,
      }),
    ]);
    expect((await h.settlement.listIssues(carol.customerCode)).map((i) => [i.kind, i.amount])).toEqual([
      ['overpaid', 50_000],
    ]);

    await h.readings.insert(syntheticReadings([carol], '2026-11-20', { seed: 4 }));
    await h.runner.run('2026-11');

    const november = await bill(carol.customerCode, '2026-11');
    expect(november.issued.creditApplied).toBe(Math.min(50_000, november.issued.total));
    expect(november.amountDue).toBe(november.issued.total - november.issued.creditApplied);
  });

  it('records a payment for an unknown bill as customer credit instead of dropping it', async () => {
    await h.settlement.handle([
      received({ customerCode: alice.customerCode, billId: `${alice.customerCode}-2025-01`, amount: 99_000 }),
    ]);
    const issues = await h.settlement.listIssues(alice.customerCode);
    expect(issues).toMatchObject([
      { kind: 'unknown-bill', amount: 99_000, billId: `${alice.customerCode}-2025-01` },
    ]);
  });

  it('a reversed payment reopens the bill', async () => {
    const due = (await bill(alice.customerCode, '2026-09')).amountDue;
    const payment = received({
      customerCode: alice.customerCode,
      billId: `${alice.customerCode}-2026-09`,
      amount: due,
    });
    await h.settlement.handle([payment]);
    expect((await bill(alice.customerCode, '2026-09')).status).toBe('paid');

    await h.settlement.handle([reversed(payment as KnownEvent & { type: 'PaymentReceived' })]);
    await h.settlement.handle([reversed(payment as KnownEvent & { type: 'PaymentReceived' })]);

    expect(await bill(alice.customerCode, '2026-09')).toMatchObject({
      status: 'issued',
      paid: 0,
      outstanding: due,
    });
  });
});
