import { randomBytes } from 'node:crypto';
import { signPartnerRequest } from '@gridpay/partner-api';
import { uniqueName } from '@gridpay/shared/testing';
import { freshCustomerCode, GatewayHarness, type SignedCall } from './gateway.harness';

jest.setTimeout(90_000);

describe('gateway /v1 in front of provider-integration (real Kafka and MongoDB-wire server)', () => {
  let h: GatewayHarness;
  let code: string;
  beforeAll(async () => {
    h = await new GatewayHarness().setUp();
    code = freshCustomerCode();
    await h.issueBill(code, '2026-09', 200_000);
    await h.issueBill(code, '2026-10', 346_356);
  });
  afterAll(async () => {
    await h?.tearDown();
  });

  const payment = (extra: Record<string, unknown> = {}) => ({
    partnerTxnId: uniqueName('TX'),
    customerCode: code,
    amount: 150_000,
    channel: 'MOBILE_BANKING',
    paidAt: new Date().toISOString(),
    ...extra,
  });

  describe('signed partner calls', () => {
    it('inquiry lists the open bills oldest first; unknown customer 404, malformed code 400', async () => {
      expect(await h.signed('GET', `/v1/bills?customerCode=${code}`)).toMatchObject({
        status: 200,
        body: {
          customerCode: code,
          bills: [
            {
              billId: `${code}-2026-09`,
              period: '2026-09',
              kwh: 150,
              amountDue: 200_000,
              dueDate: '2026-09-28',
            },
            { billId: `${code}-2026-10`, period: '2026-10', amountDue: 346_356 },
          ],
        },
      });
      expect(await h.signed('GET', `/v1/bills?customerCode=${freshCustomerCode()}`)).toMatchObject({
        status: 404,
        body: { code: 'CUSTOMER_NOT_FOUND' },
      });
      expect(await h.signed('GET', '/v1/bills?customerCode=pb05')).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', field: 'customerCode' },
      });
    });

    it('pays (201), the same request again answers 200 with the identical body, other content 409', async () => {
      const request = payment();
      const first = await h.signed('POST', '/v1/payments', request);
      expect(first).toMatchObject({
        status: 201,
        body: {
          partnerTxnId: request.partnerTxnId,
          status: 'ACCEPTED',
          appliedTo: [{ billId: `${code}-2026-09`, amount: 150_000 }],
          credit: 0,
        },
      });
      expect(Object.keys(first.body).sort()).toEqual([
        'appliedTo',
        'credit',
        'partnerTxnId',
        'paymentId',
        'status',
      ]);
      const again = await h.signed('POST', '/v1/payments', request);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await h.signed('POST', '/v1/payments', { ...request, amount: 150_001 })).toMatchObject({
        status: 409,
        body: { code: 'IDEMPOTENCY_CONFLICT' },
      });
      expect(await h.signed('GET', `/v1/payments/${request.partnerTxnId}`)).toMatchObject({
        status: 200,
        body: {
          paymentId: first.body.paymentId,
          status: 'ACCEPTED',
          amount: 150_000,
          channel: 'MOBILE_BANKING',
        },
      });
    });

    it('reverses on the same business day, twice with the same answer; later days get 422', async () => {
      const request = payment();
      await h.signed('POST', '/v1/payments', request);
      const path = `/v1/payments/${request.partnerTxnId}/reversal`;
      expect(await h.signed('POST', path)).toMatchObject({ status: 200, body: { status: 'REVERSED' } });
      expect(await h.signed('POST', path, { reason: 'again' })).toMatchObject({
        status: 200,
        body: { status: 'REVERSED' },
      });
      expect((await h.signed('GET', `/v1/payments/${request.partnerTxnId}`)).body.status).toBe('REVERSED');

      const old = payment({ paidAt: new Date(Date.now() - 86_400_000).toISOString() });
      await h.signed('POST', '/v1/payments', old);
      expect(await h.signed('POST', `/v1/payments/${old.partnerTxnId}/reversal`)).toMatchObject({
        status: 422,
        body: { code: 'REVERSAL_WINDOW_CLOSED' },
      });
    });

    it("a partner never sees or reverses another partner's payment (404)", async () => {
      const request = payment();
      expect((await h.signed('POST', '/v1/payments', request)).status).toBe(201);
      for (const answer of [
        await h.signed('GET', `/v1/payments/${request.partnerTxnId}`, undefined, { partner: 'vietcombank' }),
        await h.signed('POST', `/v1/payments/${request.partnerTxnId}/reversal`, undefined, {
          partner: 'vietcombank',
        }),
      ])
        expect(answer).toMatchObject({ status: 404, body: { code: 'PAYMENT_NOT_FOUND' } });
      expect((await h.signed('GET', `/v1/payments/${request.partnerTxnId}`)).body.status).toBe('ACCEPTED');
    });

    it('reconciles the day file', async () => {
      const paidAt = '2026-11-05T09:00:00+07:00';
      const mine = payment({ paidAt, amount: 7_000 });
      await h.signed('POST', '/v1/payments', mine);
      const file = `partnerTxnId,customerCode,amount,paidAt\n${mine.partnerTxnId},${code},7000,${paidAt}\n`;
      const answer = await h.signed('POST', '/v1/reconciliations/2026-11-05', file, {
        contentType: 'text/csv',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.matched).toBeGreaterThanOrEqual(1);
      expect(answer.body.missingOurs).toEqual([]);
      expect(answer.body.amountDiffers).toEqual([]);
    });

    it('takes a day file above the 64 KB request limit up to its own limit, and refuses one above it', async () => {
      const paidAt = '2026-11-06T09:00:00+07:00';
      const mine = payment({ paidAt, amount: 9_000 });
      await h.signed('POST', '/v1/payments', mine);
      const notOurs = Array.from({ length: 3_000 }, (_, i) => `AGR-NOT-OURS-${i},${code},1000,${paidAt}`);
      const file = ['partnerTxnId,customerCode,amount,paidAt', `${mine.partnerTxnId},${code},9000,${paidAt}`]
        .concat(notOurs)
        .join('\n');
      expect(Buffer.byteLength(file)).toBeGreaterThan(64 * 1024);
      const answer = await h.signed('POST', '/v1/reconciliations/2026-11-06', file, { contentType: 'text/csv' });
      expect(answer.status).toBe(200);
      expect(answer.body.matched).toBe(1);
      expect(answer.body.missingOurs).toHaveLength(3_000);

      const oversized = file + '\n' + notOurs.join('\n').repeat(6);
      expect(Buffer.byteLength(oversized)).toBeGreaterThan(1024 * 1024);
      expect(
        await h.signed('POST', '/v1/reconciliations/2026-11-07', oversized, { contentType: 'text/csv' }),
      ).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', field: 'body' } });
    });
  });

  describe('every cause of 401', () => {
    const path = () => `/v1/bills?customerCode=${code}`;
    it.each([
      ['a missing header', () => ({ headers: { 'X-Nonce': undefined } }), 'MISSING_HEADER', 'X-Nonce'],
      [
        'a missing signature',
        () => ({ headers: { 'X-Signature': undefined } }),
        'MISSING_HEADER',
        'X-Signature',
      ],
      ['a nonce too short', () => ({ nonce: 'short' }), 'BAD_NONCE', 'X-Nonce'],
      [
        'a timestamp 301 s old',
        () => ({ timestamp: Math.floor(Date.now() / 1000) - 301 }),
        'STALE_TIMESTAMP',
        'X-Timestamp',
      ],
      [
        'a timestamp 301 s ahead',
        () => ({ timestamp: Math.floor(Date.now() / 1000) + 301 }),
        'STALE_TIMESTAMP',
        'X-Timestamp',
      ],
      ['an unknown key id', () => ({ keyId: 'agribank-nope' }), 'UNKNOWN_KEY', 'X-Key-Id'],
      ['an unknown partner', () => ({ headers: { 'X-Partner-Code': 'nobank' } }), 'UNKNOWN_KEY', 'X-Key-Id'],
      [
        'a wrong secret',
        () => ({ secret: 'sandbox-agribank-key1-not-a-real-secret-0001' }),
        'BAD_SIGNATURE',
        'X-Signature',
      ],
      [
        "another partner's key",
        () => ({ keyId: 'vietcombank-sbx-1', secret: 'sandbox-vietcombank-key1-not-a-real-secret-0000' }),
        'UNKNOWN_KEY',
        'X-Key-Id',
      ],
    ] as Array<[string, () => SignedCall, string, string]>)('%s', async (_, call, reason, field) => {
      expect(await h.signed('GET', path(), undefined, call())).toMatchObject({
        status: 401,
        body: { code: reason, field },
      });
    });

    it('a signature over other bytes than those sent (tampered body, path or method)', async () => {
      const request = payment();
      const signedFor = signedHeaders('POST', '/v1/payments', JSON.stringify(request));
      const tampered = JSON.stringify({ ...request, amount: 1 });
      expect(await h.send('POST', '/v1/payments', tampered, signedFor)).toMatchObject({
        status: 401,
        body: { code: 'BAD_SIGNATURE' },
      });
      const forBills = signedHeaders('GET', `/v1/bills?customerCode=${code}`, '');
      expect(
        (await h.send('GET', `/v1/bills?customerCode=${freshCustomerCode()}`, '', forBills)).status,
      ).toBe(401);
      expect(await h.recorded('agribank', request.partnerTxnId)).toBe(404);
    });

    it('a replayed request (same nonce) even with a valid signature', async () => {
      const nonce = randomBytes(16).toString('hex');
      const timestamp = Math.floor(Date.now() / 1000);
      expect((await h.signed('GET', path(), undefined, { nonce, timestamp })).status).toBe(200);
      expect(await h.signed('GET', path(), undefined, { nonce, timestamp })).toMatchObject({
        status: 401,
        body: { code: 'REPLAYED_NONCE', field: 'X-Nonce' },
      });
      // The nonce is the partner's own: another partner may use the same string.
      expect((await h.signed('GET', path(), undefined, { nonce, partner: 'vietcombank' })).status).toBe(200);
    });

    it('a revoked key; a disabled partner gets 403 at once, and 200 again once enabled', async () => {
      expect(await h.admin('/admin/partners/agribank/keys/agribank-sbx-2/revoke')).toBe(200);
      expect(
        await h.signed('GET', path(), undefined, {
          keyId: 'agribank-sbx-2',
          secret: 'sandbox-agribank-key2-not-a-real-secret-0000',
        }),
      ).toMatchObject({ status: 401, body: { code: 'UNKNOWN_KEY' } });

      expect(await h.admin('/admin/partners/momo/disable', { reason: 'contract review' })).toBe(200);
      expect(await h.signed('GET', path(), undefined, { partner: 'momo' })).toMatchObject({
        status: 403,
        body: { code: 'PARTNER_DISABLED' },
      });
      expect(await h.admin('/admin/partners/momo/enable')).toBe(200);
      expect((await h.signed('GET', path(), undefined, { partner: 'momo' })).status).toBe(200);
    });
  });

  describe('malformed bodies: 400 naming the field, nothing recorded', () => {
    it.each([
      ['a missing amount', (p: Record<string, unknown>) => ({ ...p, amount: undefined }), 'amount'],
      ['an amount as a string', (p: Record<string, unknown>) => ({ ...p, amount: '150000' }), 'amount'],
      ['a negative amount', (p: Record<string, unknown>) => ({ ...p, amount: -5 }), 'amount'],
      ['a zero amount', (p: Record<string, unknown>) => ({ ...p, amount: 0 }), 'amount'],
      ['a fractional amount', (p: Record<string, unknown>) => ({ ...p, amount: 1500.5 }), 'amount'],
      ['an unknown channel', (p: Record<string, unknown>) => ({ ...p, channel: 'CASH' }), 'channel'],
      [
        "a channel the partner doesn't offer",
        (p: Record<string, unknown>) => ({ ...p, channel: 'WALLET' }),
        'channel',
      ],
      [
        'a missing customerCode',
        (p: Record<string, unknown>) => ({ ...p, customerCode: undefined }),
        'customerCode',
      ],
      [
        'a malformed customerCode',
        (p: Record<string, unknown>) => ({ ...p, customerCode: 'PB05-X' }),
        'customerCode',
      ],
      [
        'paidAt without an offset',
        (p: Record<string, unknown>) => ({ ...p, paidAt: '2026-11-05T08:00:00' }),
        'paidAt',
      ],
      [
        'paidAt not a date',
        (p: Record<string, unknown>) => ({ ...p, paidAt: '2026-13-45T08:00:00Z' }),
        'paidAt',
      ],
      ['billIds not an array', (p: Record<string, unknown>) => ({ ...p, billIds: 'PB' }), 'billIds'],
      ['a malformed bill id', (p: Record<string, unknown>) => ({ ...p, billIds: ['nope'] }), 'billIds'],
    ])('%s', async (_, change, field) => {
      const request: Record<string, unknown> = change(payment());
      const answer = await h.signed('POST', '/v1/payments', request);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field } });
      expect(typeof answer.body.message).toBe('string');
      if (typeof request.partnerTxnId === 'string')
        expect(await h.recorded('agribank', request.partnerTxnId)).toBe(404);
    });

    it('a missing partnerTxnId, a body that is not JSON or not an object', async () => {
      expect(await h.signed('POST', '/v1/payments', { ...payment(), partnerTxnId: undefined })).toMatchObject(
        {
          status: 400,
          body: { field: 'partnerTxnId' },
        },
      );
      expect(await h.signed('POST', '/v1/payments', '{"partnerTxnId": "x",')).toMatchObject({
        status: 400,
        body: { field: 'body' },
      });
      expect(await h.signed('POST', '/v1/payments', [payment()])).toMatchObject({
        status: 400,
        body: { field: 'body' },
      });
      expect(await h.signed('POST', '/v1/payments')).toMatchObject({ status: 400, body: { field: 'body' } });
    });

    it('a body over 64 KB gets 413 and is not recorded', async () => {
      const request = { ...payment(), note: 'x'.repeat(70 * 1024) };
      expect(await h.signed('POST', '/v1/payments', request)).toMatchObject({
        status: 413,
        body: { code: 'PAYLOAD_TOO_LARGE', field: 'body' },
      });
      expect(await h.recorded('agribank', request.partnerTxnId)).toBe(404);
    });
  });

  it('limits each partner with a token bucket: 429 with Retry-After, other partners unaffected', async () => {
    const limited = await h.startGateway({ rateLimit: { perSecond: 1, burst: 3 } });
    const path = `/v1/bills?customerCode=${code}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.signed('GET', path, undefined, {}, limited)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await h.signed('GET', path, undefined, {}, limited);
    expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await h.signed('GET', path, undefined, { partner: 'vietcombank' }, limited)).status).toBe(200);
  });

  it('documents the public contract with the signing recipe at /docs', async () => {
    const docs = (await h.send('GET', '/docs-json', '', {})).body;
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/bills',
        '/v1/payments',
        '/v1/payments/{partnerTxnId}',
        '/v1/payments/{partnerTxnId}/reversal',
        '/v1/reconciliations/{date}',
      ]),
    );
  });
});

function signedHeaders(method: string, path: string, raw: string): Record<string, string> {
  return {
    ...signPartnerRequest({
      method,
      pathWithQuery: path,
      body: raw,
      partnerCode: 'agribank',
      keyId: 'agribank-sbx-1',
      secret: 'sandbox-agribank-key1-not-a-real-secret-0000',
      timestamp: Math.floor(Date.now() / 1000),
      nonce: randomBytes(16).toString('hex'),
    }),
    'content-type': 'application/json',
  };
}
