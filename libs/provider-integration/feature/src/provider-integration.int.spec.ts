import { PARTNER_SEED } from '@gridpay/payments/domain';
import { uniqueName, waitFor } from '@gridpay/shared/testing';
import { PartnerRegistry } from './partners/partner-registry';
import { billSettled, freshCustomerCode, ProviderIntegrationHarness } from './provider-integration.harness';

jest.setTimeout(90_000);

describe('provider-integration (real MongoDB-wire server and Kafka)', () => {
  let h: ProviderIntegrationHarness;
  beforeAll(async () => {
    h = await new ProviderIntegrationHarness().setUp();
  });
  afterAll(async () => {
    await h?.tearDown();
  });

  const payment = (customerCode: string, extra: Record<string, unknown> = {}) => ({
    partner: 'agribank',
    partnerTxnId: uniqueName('AGR'),
    customerCode,
    amount: 300_000,
    channel: 'MOBILE_BANKING',
    paidAt: new Date().toISOString(),
    ...extra,
  });

  describe('open-bills projection from billing events', () => {
    it('shows open bills oldest first, follows settlement and reopening, and ignores replays', async () => {
      const code = freshCustomerCode();
      const [september, october] = await h.issueBills(code, [
        { period: '2026-09', amountDue: 200_000 },
        { period: '2026-10', amountDue: 346_356 },
      ]);
      expect((await h.call('GET', `/internal/bills?customerCode=${code}`)).body).toEqual({
        customerCode: code,
        bills: [
          {
            billId: `${code}-2026-09`,
            period: '2026-09',
            kwh: 150,
            amountDue: 200_000,
            dueDate: '2026-09-28',
          },
          {
            billId: `${code}-2026-10`,
            period: '2026-10',
            kwh: 150,
            amountDue: 346_356,
            dueDate: '2026-10-28',
          },
        ],
      });

      const paid = billSettled(code, '2026-09', 0, 'paid');
      const partly = billSettled(code, '2026-10', 46_356, 'partly-paid');
      // Each event delivered twice, and the first bill issued again: nothing changes twice.
      await h.publishBillEvents([paid, partly, paid, partly, september, october]);
      await waitForBills(code, [[`${code}-2026-10`, 46_356]]);

      await h.publishBillEvents([billSettled(code, '2026-09', 200_000, 'reopened')]);
      await waitForBills(code, [
        [`${code}-2026-09`, 200_000],
        [`${code}-2026-10`, 46_356],
      ]);
    });

    it('a customer with no bill is unknown (404), a malformed code is refused (400)', async () => {
      expect(await h.call('GET', `/internal/bills?customerCode=${freshCustomerCode()}`)).toMatchObject({
        status: 404,
        body: { code: 'CUSTOMER_NOT_FOUND', field: 'customerCode' },
      });
      expect(await h.call('GET', '/internal/bills?customerCode=PB0502')).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', field: 'customerCode' },
      });
    });
  });

  async function waitForBills(code: string, expected: Array<[string, number]>) {
    await waitFor(`bills of ${code} to be ${JSON.stringify(expected)}`, async () => {
      const { body } = await h.call('GET', `/internal/bills?customerCode=${code}`);
      return (
        JSON.stringify(
          body.bills.map((b: { billId: string; amountDue: number }) => [b.billId, b.amountDue]),
        ) === JSON.stringify(expected)
      );
    });
  }

  describe('accepting a payment', () => {
    let code: string;
    beforeEach(async () => {
      code = freshCustomerCode();
      await h.issueBills(code, [
        { period: '2026-09', amountDue: 200_000 },
        { period: '2026-10', amountDue: 346_356 },
      ]);
    });

    it('pays the oldest bills first and publishes PaymentReceived in the same commit', async () => {
      const request = payment(code);
      const first = await h.call('POST', '/internal/payments', request);
      expect(first).toMatchObject({
        status: 201,
        body: {
          partnerTxnId: request.partnerTxnId,
          status: 'ACCEPTED',
          appliedTo: [
            { billId: `${code}-2026-09`, amount: 200_000 },
            { billId: `${code}-2026-10`, amount: 100_000 },
          ],
          credit: 0,
        },
      });
      const [commit] = await h.store.allCommits({ _id: `payment-agribank-${request.partnerTxnId}:1` });
      expect(commit?.outbox).toEqual([
        expect.objectContaining({
          type: 'PaymentReceived',
          partitionKey: code,
          data: {
            paymentId: first.body.paymentId,
            customerCode: code,
            amount: 300_000,
            partner: 'agribank',
            channel: 'MOBILE_BANKING',
            cashless: true,
            partnerReference: request.partnerTxnId,
            paidAt: request.paidAt,
            appliedTo: first.body.appliedTo,
          },
        }),
      ]);
    });

    it('the same request again answers 200 with the identical body; other content is 409', async () => {
      const request = payment(code, { channel: 'COUNTER' });
      const first = await h.call('POST', '/internal/payments', request);
      const again = await h.call('POST', '/internal/payments', request);
      expect(first.status).toBe(201);
      expect(again).toEqual({ status: 200, body: first.body });
      expect(await h.call('POST', '/internal/payments', { ...request, amount: 300_001 })).toMatchObject({
        status: 409,
        body: { code: 'IDEMPOTENCY_CONFLICT', field: 'partnerTxnId' },
      });
      const received = (await h.published()).filter(
        (e) =>
          e.type === 'PaymentReceived' &&
          (e.data as { partnerReference: string }).partnerReference === request.partnerTxnId,
      );
      expect(received).toHaveLength(1);
      expect(received[0].data).toMatchObject({ channel: 'COUNTER', cashless: false });
    });

    it('20 concurrent copies of one request make exactly one payment', async () => {
      const request = payment(code);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => h.call('POST', '/internal/payments', request)),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
      expect(new Set(answers.map((a) => a.body.paymentId)).size).toBe(1);
      const commits = await h.store.commits
        .find({ streamId: `payment-agribank-${request.partnerTxnId}` })
        .toArray();
      expect(commits).toHaveLength(1);
    });

    it('accepts money for a bill no longer open, all of it as credit', async () => {
      const answer = await h.call(
        'POST',
        '/internal/payments',
        payment(code, { billIds: [`${code}-2026-08`], amount: 150_000 }),
      );
      expect(answer).toMatchObject({ status: 201, body: { appliedTo: [], credit: 150_000 } });
    });

    it('refuses an unknown customer, a channel the partner does not offer and a disabled partner', async () => {
      expect(await h.call('POST', '/internal/payments', payment(freshCustomerCode()))).toMatchObject({
        status: 404,
        body: { code: 'CUSTOMER_NOT_FOUND' },
      });
      expect(await h.call('POST', '/internal/payments', payment(code, { channel: 'WALLET' }))).toMatchObject({
        status: 400,
        body: { field: 'channel' },
      });
      expect(await h.call('POST', '/internal/payments', payment(code, { amount: 10.5 }))).toMatchObject({
        status: 400,
        body: { field: 'amount' },
      });
    });

    it('reverses on the business day, twice answers the same, and publishes one PaymentReversed', async () => {
      const request = payment(code);
      await h.call('POST', '/internal/payments', request);
      const path = `/internal/payments/agribank/${request.partnerTxnId}/reversal`;
      expect(await h.call('POST', path, { reason: 'customer cancelled' })).toEqual({
        status: 200,
        body: { status: 'REVERSED' },
      });
      expect(await h.call('POST', path, {})).toEqual({ status: 200, body: { status: 'REVERSED' } });
      expect(await h.call('GET', `/internal/payments/agribank/${request.partnerTxnId}`)).toMatchObject({
        status: 200,
        body: { status: 'REVERSED', amount: 300_000, customerCode: code },
      });
      const reversed = (await h.published()).filter(
        (e) => e.type === 'PaymentReversed' && e.partitionKey === code,
      );
      expect(reversed).toHaveLength(1);
      expect(reversed[0].data).toMatchObject({
        amount: 300_000,
        partner: 'agribank',
        reason: 'customer cancelled',
      });
    });

    it('refuses a reversal after the business day of payment (422) and an unknown payment (404)', async () => {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      const request = payment(code, { paidAt: yesterday });
      await h.call('POST', '/internal/payments', request);
      expect(
        await h.call('POST', `/internal/payments/agribank/${request.partnerTxnId}/reversal`, {}),
      ).toMatchObject({ status: 422, body: { code: 'REVERSAL_WINDOW_CLOSED' } });
      expect(await h.call('GET', `/internal/payments/agribank/${request.partnerTxnId}`)).toMatchObject({
        body: { status: 'ACCEPTED' },
      });
      expect(await h.call('POST', '/internal/payments/agribank/NOPE-1/reversal', {})).toMatchObject({
        status: 404,
        body: { code: 'PAYMENT_NOT_FOUND' },
      });
      // Another partner's transaction id is another stream: not found.
      expect(await h.call('GET', `/internal/payments/vietcombank/${request.partnerTxnId}`)).toMatchObject({
        status: 404,
      });
    });
  });

  it("reconciles a partner's day file exactly", async () => {
    const code = freshCustomerCode();
    await h.issueBills(code, [{ period: '2026-10', amountDue: 1_000_000 }]);
    const paidAt = '2026-11-05T08:00:00+07:00';
    const pay = (id: string, amount: number) =>
      h.call(
        'POST',
        '/internal/payments',
        payment(code, { partner: 'sacombank', partnerTxnId: id, amount, paidAt }),
      );
    const run = uniqueName('R').replace(/-/g, '');
    await pay(`${run}-1`, 10_000);
    await pay(`${run}-2`, 20_000);
    await pay(`${run}-3`, 30_000);
    const file = [
      'partnerTxnId,customerCode,amount,paidAt',
      `${run}-1,${code},10000,${paidAt}`,
      `${run}-2,${code},25000,${paidAt}`,
      `${run}-9,${code},5000,${paidAt}`,
    ].join('\r\n');
    const answer = await h.call('POST', '/internal/reconciliations/sacombank/2026-11-05', file);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      matched: 1,
      missingOurs: [{ partnerTxnId: `${run}-9`, customerCode: code, amount: 5000, paidAt }],
      missingTheirs: [{ partnerTxnId: `${run}-3`, amount: 30_000, customerCode: code }],
      amountDiffers: [{ partnerTxnId: `${run}-2`, ours: 20_000, theirs: 25_000 }],
    });
    expect(
      await h.call(
        'POST',
        '/internal/reconciliations/sacombank/2026-11-05',
        `${run}-1,${code},ten,${paidAt}`,
      ),
    ).toMatchObject({
      status: 400,
      body: { field: 'body', message: expect.stringMatching(/^line 1: amount/) },
    });
  });

  describe('partner registry', () => {
    it('seeding again registers nothing and keeps what an admin changed', async () => {
      expect(
        await h.call('POST', '/admin/partners/bidv/disable', { reason: 'contract suspended' }),
      ).toMatchObject({
        status: 200,
        body: { code: 'bidv', status: 'disabled' },
      });
      expect(await h.app.get(PartnerRegistry).seed(PARTNER_SEED)).toEqual({ registered: [] });
      expect((await h.call('GET', '/admin/partners/bidv')).body.status).toBe('disabled');
      const code = freshCustomerCode();
      await h.issueBills(code, [{ period: '2026-10', amountDue: 100_000 }]);
      expect(await h.call('POST', '/internal/payments', payment(code, { partner: 'bidv' }))).toMatchObject({
        status: 403,
        body: { code: 'PARTNER_DISABLED' },
      });
      expect(await h.call('POST', '/admin/partners/bidv/enable')).toMatchObject({
        body: { status: 'active' },
      });
    });

    it('rotates a key: a third active key is refused until one is revoked; the gateway lookup follows', async () => {
      const secret = 'a-new-sandbox-secret-for-rotation-0000';
      expect(
        await h.call('POST', '/admin/partners/agribank/keys', { keyId: 'agribank-3', secret }),
      ).toMatchObject({
        status: 409,
        body: { code: 'TOO_MANY_ACTIVE_KEYS' },
      });
      expect(await h.call('POST', '/admin/partners/agribank/keys/agribank-sbx-1/revoke')).toMatchObject({
        status: 200,
      });
      expect(
        await h.call('POST', '/admin/partners/agribank/keys', { keyId: 'agribank-3', secret }),
      ).toMatchObject({
        status: 201,
        body: {
          keys: [
            { keyId: 'agribank-sbx-1', active: false },
            { keyId: 'agribank-sbx-2', active: true },
            { keyId: 'agribank-3', active: true },
          ],
        },
      });
      expect(await h.call('GET', '/internal/partners/agribank/keys/agribank-3')).toMatchObject({
        status: 200,
        body: { partner: 'agribank', status: 'active', key: { keyId: 'agribank-3', secret, active: true } },
      });
      expect((await h.call('GET', '/internal/partners/agribank/keys/agribank-sbx-1')).body.key.active).toBe(
        false,
      );
      expect((await h.call('GET', '/internal/partners/agribank/keys/nope')).status).toBe(404);
      expect(JSON.stringify((await h.call('GET', '/admin/partners')).body)).not.toContain('secret');
    });
  });
});
