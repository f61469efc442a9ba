import { businessDay } from '@gridpay/payments/domain';
import { uniqueName, waitFor } from '@gridpay/shared/testing';
import { billIssued, billSettled, freshCustomerCode } from '../provider-integration.harness';
import { AutoDebitHarness } from './auto-debit.harness';

jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

describe('auto-debit (provider-integration app, real Kafka and MongoDB-wire server, sandbox bank process)', () => {
  let h: AutoDebitHarness;
  beforeAll(async () => {
    h = await new AutoDebitHarness().setUp({ bankTimeoutMs: 800, checkAfterMs: 700 });
  });
  afterAll(async () => {
    await h?.tearDown();
  });

  /** A customer with a mandate on an account the bank answers `outcome` for. */
  async function enrolled(outcome = 'ok', delayMs?: number) {
    const customerCode = freshCustomerCode();
    const accountRef = `${Math.floor(Math.random() * 1e9)}${Date.now() % 10_000}`;
    await h.bank('PUT', '/outcomes', { outcomes: [{ accountRef, outcome, delayMs }] });
    const answer = await h.call('POST', '/internal/mandates', {
      partner: 'agribank',
      mandateRef: uniqueName('M').replace(/[^A-Za-z0-9_-]/g, '-'),
      customerCode,
      accountRef,
      enrolledBy: 'NV0042',
    });
    expect(answer.status).toBe(201);
    return { customerCode, accountRef, mandateId: answer.body.mandateId as string };
  }

  const events = async (type: string, billId: string) =>
    (await h.published()).filter((e) => e.type === type && (e.data as { billId?: string }).billId === billId);

  it('mandates: registered once, masked everywhere, one active per customer, cancelled by the bank', async () => {
    const customerCode = freshCustomerCode();
    const body = {
      partner: 'agribank',
      mandateRef: uniqueName('M').replace(/\./g, '-'),
      customerCode,
      accountRef: '3700205123456',
      enrolledBy: 'NV0042',
    };
    const first = await h.call('POST', '/internal/mandates', body);
    expect(first).toMatchObject({
      status: 201,
      body: {
        customerCode,
        partner: 'agribank',
        accountMasked: '****3456',
        enrolledBy: 'NV0042',
        status: 'ACTIVE',
      },
    });
    expect(await h.call('POST', '/internal/mandates', body)).toEqual({ status: 200, body: first.body });
    expect(await h.call('POST', '/internal/mandates', { ...body, accountRef: '999988887777' })).toMatchObject(
      {
        status: 409,
        body: { code: 'IDEMPOTENCY_CONFLICT' },
      },
    );
    expect(
      await h.call('POST', '/internal/mandates', { ...body, partner: 'vietcombank', mandateRef: 'OTHER-1' }),
    ).toMatchObject({ status: 422, body: { code: 'MANDATE_EXISTS' } });
    expect(
      await h.call('POST', '/internal/mandates', { ...body, partner: 'momo', mandateRef: 'W-1' }),
    ).toMatchObject({
      status: 403,
    });
    const { mandateId } = first.body;
    const cancelled = await h.call('POST', `/internal/mandates/agribank/${mandateId}/cancellation`, {
      reason: 'customer asked',
    });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', endReason: 'customer asked' });
    expect(
      (await h.call('POST', `/internal/mandates/vietcombank/${mandateId}/cancellation`, {})).status,
    ).toBe(404);
    expect(
      (await h.call('GET', `/internal/mandates?customerCode=${customerCode}&partner=agribank`)).body.mandates,
    ).toEqual([cancelled.body]);
    const published = (await h.published()).filter(
      (e) => (e.data as { mandateId?: string }).mandateId === mandateId,
    );
    expect(published.map((e) => e.type)).toEqual(['MandateRegistered', 'MandateCancelled']);
    expect(published[0].data).toMatchObject({ accountMasked: '****3456', enrolledBy: 'NV0042' });
    expect(JSON.stringify(await h.published())).not.toContain('3700205123456');
  });

  it('a bill of a customer with a mandate is debited once, even when BillIssued comes twice; billing gets PaymentReceived AUTO_DEBIT', async () => {
    const { customerCode, mandateId } = await enrolled('ok');
    const issued = billIssued(customerCode, '2026-10', 346_356);
    await h.publishBillEvents([issued, issued, billIssued(freshCustomerCode(), '2026-10', 100_000)]);
    const billId = `${customerCode}-2026-10`;
    const debit = await h.waitForDebit(billId, 'SUCCEEDED');
    expect(debit).toMatchObject({
      mandateId,
      partner: 'agribank',
      amount: 346_356,
      attempts: [{ attempt: 1, status: 'succeeded' }],
    });
    await h.publishBillEvents([issued]);
    const [received] = await waitFor('PaymentReceived', async () => {
      const found = (await h.published()).filter(
        (e) =>
          e.type === 'PaymentReceived' && (e.data as { customerCode: string }).customerCode === customerCode,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(received.data).toMatchObject({
      channel: 'AUTO_DEBIT',
      partner: 'agribank',
      partnerReference: `AD.${billId}.1`,
      appliedTo: [{ billId, amount: 346_356 }],
      cashless: true,
    });
    const [succeeded] = await events('AutoDebitSucceeded', billId);
    expect(succeeded.data).toMatchObject({ mandateId, amount: 346_356, attempt: 1 });
    expect((await h.bank('GET', `/debits?billId=${billId}`)).body).toMatchObject({
      count: 1,
      debits: [{ status: 'SUCCEEDED', requests: 1 }],
    });
  });

  it('insufficient funds: AutoDebitFailed will retry in 3 days; the retry succeeds once the money is there', async () => {
    const { customerCode, accountRef } = await enrolled('insufficient-funds');
    await h.publishBillEvents([billIssued(customerCode, '2026-10', 200_000)]);
    const billId = `${customerCode}-2026-10`;
    const failed = await waitFor('attempt 1 failed', async () => {
      const [event] = await events('AutoDebitFailed', billId);
      return event;
    });
    expect(failed.data).toMatchObject({ reasonCode: 'INSUFFICIENT_FUNDS', attempt: 1, willRetry: true });
    const next =
      Date.parse((failed.data as { nextAttemptAt: string }).nextAttemptAt) -
      Date.parse((failed.data as { failedAt: string }).failedAt);
    expect(next).toBe(3 * DAY);
    await h.bank('PUT', '/outcomes', { outcomes: [{ accountRef, outcome: 'ok' }] });
    h.clockOffsetMs += 3 * DAY + 1000;
    const debit = await h.waitForDebit(billId, 'SUCCEEDED');
    expect(debit.attempts.map((a: { status: string }) => a.status)).toEqual(['failed', 'succeeded']);
    expect((await h.bank('GET', `/debits?billId=${billId}&status=SUCCEEDED`)).body.count).toBe(1);
  });

  it('a closed account is never retried and suspends the mandate', async () => {
    const { customerCode, mandateId } = await enrolled('closed');
    await h.publishBillEvents([billIssued(customerCode, '2026-10', 150_000)]);
    const billId = `${customerCode}-2026-10`;
    await h.waitForDebit(billId, 'FAILED');
    const [failed] = await events('AutoDebitFailed', billId);
    expect(failed.data).toMatchObject({ reasonCode: 'ACCOUNT_CLOSED', willRetry: false });
    const { body } = await h.call('GET', `/internal/mandates?customerCode=${customerCode}`);
    expect(body.mandates).toMatchObject([{ mandateId, status: 'SUSPENDED', endReason: 'ACCOUNT_CLOSED' }]);
    const cancelled = (await h.published()).find(
      (e) => e.type === 'MandateCancelled' && (e.data as { mandateId: string }).mandateId === mandateId,
    );
    expect(cancelled?.data).toMatchObject({ suspended: true });
  });

  it('a timed-out call is PENDING, never re-sent: the sweeper reads the status by key and settles it', async () => {
    const { customerCode } = await enrolled('timeout', 2_500);
    await h.publishBillEvents([billIssued(customerCode, '2026-10', 123_456)]);
    const billId = `${customerCode}-2026-10`;
    await h.waitForDebit(billId, 'PENDING');
    const debit = await h.waitForDebit(billId, 'SUCCEEDED');
    expect(debit.attempts).toMatchObject([{ attempt: 1, status: 'succeeded' }]);
    expect((await h.bank('GET', `/debits?billId=${billId}`)).body).toMatchObject({
      count: 1,
      debits: [{ requests: 1 }],
    });
    expect(await events('AutoDebitSucceeded', billId)).toHaveLength(1);
  });

  it('a bill paid another way cancels the pending retry', async () => {
    const { customerCode } = await enrolled('insufficient-funds');
    await h.publishBillEvents([billIssued(customerCode, '2026-09', 90_000)]);
    const billId = `${customerCode}-2026-09`;
    await waitFor('attempt 1 failed', async () => (await events('AutoDebitFailed', billId)).length === 1);
    await h.publishBillEvents([billSettled(customerCode, '2026-09', 0, 'paid')]);
    await waitFor('the retry cancelled', async () => (await h.debitOf(billId))?.cancelled === true);
    h.clockOffsetMs += 7 * DAY;
    await waitFor(
      'the due queue drained',
      async () => (await h.call('GET', '/admin/auto-debit/queue')).body.waiting === 0,
    );
    expect((await h.debitOf(billId)).status).toBe('CANCELLED');
    expect((await h.bank('GET', `/debits?billId=${billId}`)).body.count).toBe(1);
  });

  it("reconciling the sandbox bank's statement finds each injected discrepancy and nothing else", async () => {
    const today = businessDay(new Date().toISOString());
    const debits = (await h.bank('GET', '/debits?bank=agribank&status=SUCCEEDED')).body.debits as Array<{
      idempotencyKey: string;
      amount: number;
    }>;
    expect(debits.length).toBeGreaterThanOrEqual(3);
    const [dropped, changed] = debits.map((d) => d.idempotencyKey).sort();
    const extra = {
      partnerTxnId: 'AD.LATE-1',
      customerCode: freshCustomerCode(),
      amount: 77_000,
      paidAt: new Date().toISOString(),
    };
    await h.bank('PUT', `/statements/agribank/${today}/edits`, {
      drop: [dropped],
      amounts: { [changed]: 1 },
      add: [extra],
    });
    const file = (await h.bank('GET', `/statements/agribank/${today}`)).body as string;
    const report = (await h.call('POST', `/internal/reconciliations/agribank/${today}`, file)).body;
    expect(report).toMatchObject({
      matched: debits.length - 2,
      missingOurs: [{ partnerTxnId: extra.partnerTxnId, amount: 77_000 }],
      missingTheirs: [{ partnerTxnId: dropped }],
      amountDiffers: [{ partnerTxnId: changed, theirs: 1 }],
    });
    expect([report.missingOurs.length, report.missingTheirs.length, report.amountDiffers.length]).toEqual([
      1, 1, 1,
    ]);
  });
});
