import { randomBytes } from 'node:crypto';
import { freePort, ServiceProcess, startGroupAtTail, uniqueName, waitFor } from '@gridpay/shared/testing';
import { billingProcess, serviceEnv } from './service-env';

jest.setTimeout(240_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const json = body !== undefined && typeof body !== 'string';
  const response = await fetch(base + path, {
    method,
    headers: json ? { 'content-type': 'application/json', ...headers } : headers,
    body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as string),
    redirect: 'manual',
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

const customerCode = () =>
  `PW${randomBytes(2).readUInt16BE(0).toString().padStart(4, '0').slice(-4)}${String(Date.now() + Math.floor(Math.random() * 1e6)).slice(-7)}`;

describe('wallet checkout and partner payments through the partner sandbox (all as processes)', () => {
  const running: ServiceProcess[] = [];
  afterAll(() => Promise.all(running.map((service) => service.kill())));

  it('checkout → the sandbox wallet pays → IPN → billing shows the bill paid (VNPay, MoMo, a bank)', async () => {
    const [gatewayPort, sandboxPort] = [await freePort(), await freePort()];
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const billing = await billingProcess();
    const openBillsGroup = uniqueName('e2e-open-bills');
    await startGroupAtTail(openBillsGroup);
    const providerIntegration = new ServiceProcess(
      'provider-integration',
      await freePort(),
      serviceEnv({
        OPEN_BILLS_GROUP: openBillsGroup,
        AUTO_DEBIT_GROUP: uniqueName('e2e-auto-debit'),
      }),
    );
    const gateway = new ServiceProcess(
      'gateway',
      gatewayPort,
      serviceEnv({
        PROVIDER_INTEGRATION_URL: providerIntegration.url,
        VNPAY_PAY_URL: `${sandboxUrl}/sandbox/vnpay/paymentv2/vpcpay.html`,
        VNPAY_RETURN_URL: `${sandboxUrl}/sandbox/wallets/return`,
        MOMO_ENDPOINT: `${sandboxUrl}/sandbox/momo`,
        MOMO_IPN_URL: `${gatewayUrl}/v1/ipn/momo`,
        MOMO_REDIRECT_URL: `${sandboxUrl}/sandbox/wallets/return`,
      }),
    );
    const sandbox = new ServiceProcess('partner-sandbox', sandboxPort, {
      SANDBOX_GATEWAY_URL: gatewayUrl,
      LOG_LEVEL: 'warn',
    });
    running.push(billing, providerIntegration, gateway, sandbox);
    await Promise.all(
      [billing, providerIntegration, gateway].map((service) => service.waitForReadiness(200, 120_000)),
    );
    await waitFor('the partner sandbox', async () => (await call(sandboxUrl, 'GET', '/docs')).status === 200);

    // Billing runs October's bills for three customers.
    const [viaVnpay, viaMomo, viaBank] = [customerCode(), customerCode(), customerCode()];
    const csv = { 'content-type': 'text/csv' };
    const customers = [viaVnpay, viaMomo, viaBank].map((code) => `${code},Khách ${code},Quế An,residential`);
    expect(
      await call(
        billing.url,
        'POST',
        '/customers/import',
        `customerCode,name,commune,purpose\n${customers.join('\n')}\n`,
        csv,
      ),
    ).toMatchObject({ status: 201, body: { accepted: 3 } });
    const readings = [viaVnpay, viaMomo, viaBank].map((code) => `${code},2026-10-20,1200,1350`);
    expect(
      (
        await call(
          billing.url,
          'POST',
          '/readings/import',
          `customerCode,readDate,oldIndex,newIndex\n${readings.join('\n')}\n`,
          csv,
        )
      ).status,
    ).toBe(201);
    expect((await call(billing.url, 'POST', '/bill-runs/2026-10')).status).toBe(202);
    const billOf = (code: string) => `${code}-2026-10`;
    const amountDue: number = (
      await waitFor('the bills issued in billing', async () => {
        const answers = await Promise.all(
          [viaVnpay, viaMomo, viaBank].map((c) => call(billing.url, 'GET', `/bills/${billOf(c)}`)),
        );
        return answers.every((a) => a.status === 200) ? answers[0].body : undefined;
      })
    ).amountDue;
    expect(amountDue).toBeGreaterThan(0);
    const paidInBilling = (code: string) =>
      waitFor(
        `billing to show ${billOf(code)} paid`,
        async () => {
          const answer = await call(billing.url, 'GET', `/bills/${billOf(code)}`);
          return answer.body.status === 'paid' ? answer.body : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );

    // VNPay: the company's web app asks for a payment URL (once provider-integration knows the bill).
    const vnpayCheckout = await waitFor(
      'the VNPay checkout of the open bill',
      async () => {
        const answer = await call(gatewayUrl, 'POST', '/v1/checkout/vnpay', { billId: billOf(viaVnpay) });
        return answer.status === 201 ? answer.body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(vnpayCheckout).toMatchObject({ amount: amountDue });
    expect(vnpayCheckout.paymentUrl.startsWith(`${sandboxUrl}/sandbox/vnpay/paymentv2/vpcpay.html?`)).toBe(
      true,
    );
    // The customer's browser opens it: the sandbox VNPay checks our signature and shows its page.
    const vnpayPage = await call(vnpayCheckout.paymentUrl, 'GET', '');
    expect(vnpayPage.status).toBe(200);
    expect(vnpayPage.body).toContain(vnpayCheckout.txnRef);
    // A tampered IPN first (refused, nothing paid), then the customer pays and VNPay's IPN is sent twice.
    const tampered = await call(sandboxUrl, 'POST', '/sandbox/wallets/vnpay/pay', {
      txnRef: vnpayCheckout.txnRef,
      outcome: 'paid',
      tamper: 'amount',
    });
    expect(tampered.body.ipn).toEqual([
      { status: 200, body: { RspCode: '97', Message: 'Invalid Checksum' } },
    ]);
    const paidAtVnpay = await call(sandboxUrl, 'POST', '/sandbox/wallets/vnpay/pay', {
      txnRef: vnpayCheckout.txnRef,
      outcome: 'paid',
      cardType: 'QRCODE',
      replay: 1,
    });
    expect(paidAtVnpay.body.ipn.map((a: Json) => a.body.RspCode)).toEqual(['00', '02']);
    expect(paidAtVnpay.body.returnUrl).toContain('vnp_ResponseCode=00');
    const vnpayStarted = Date.now();
    expect(await paidInBilling(viaVnpay)).toMatchObject({ paid: amountDue, outstanding: 0 });
    const vnpaySettleMs = Date.now() - vnpayStarted;
    expect(await providerIntegration.get(`/internal/payments/vnpay/${vnpayCheckout.txnRef}`)).toMatchObject({
      status: 200,
      body: { amount: amountDue, channel: 'MOBILE_BANKING', billIds: [billOf(viaVnpay)] },
    });

    // MoMo: the gateway creates the order at the sandbox MoMo, the customer pays, MoMo's IPN arrives.
    const momoCheckout = await waitFor('the MoMo checkout of the open bill', async () => {
      const answer = await call(gatewayUrl, 'POST', '/v1/checkout/momo', { billId: billOf(viaMomo) });
      return answer.status === 201 ? answer.body : undefined;
    });
    expect(momoCheckout).toMatchObject({ amount: amountDue });
    expect((await call(momoCheckout.payUrl, 'GET', '')).status).toBe(200);
    const paidAtMomo = await call(sandboxUrl, 'POST', '/sandbox/wallets/momo/pay', {
      orderId: momoCheckout.orderId,
      outcome: 'paid',
      replay: 2,
    });
    expect(paidAtMomo.body.ipn.map((a: Json) => a.status)).toEqual([204, 204, 204]);
    expect(await paidInBilling(viaMomo)).toMatchObject({ paid: amountDue, outstanding: 0 });
    expect(await providerIntegration.get(`/internal/payments/momo/${momoCheckout.orderId}`)).toMatchObject({
      status: 200,
      body: { amount: amountDue, channel: 'WALLET' },
    });

    // A bank: the sandbox partner client inquires and pays, signed with agribank's sandbox key; a
    // tampered run pays nothing, a replayed payment answers 200 with no second payment.
    const tamperedRun = await call(sandboxUrl, 'POST', '/sandbox/partners/pay-open-bills?tamper=signature', {
      customerCodes: [viaBank],
      mix: { agribank: 1 },
    });
    expect(tamperedRun.body).toMatchObject({ paid: 0, rejected: 1, payments: [{ status: 401 }] });
    const bankRun = await call(sandboxUrl, 'POST', '/sandbox/partners/pay-open-bills?replay=1', {
      customerCodes: [viaBank],
      mix: { agribank: 1 },
    });
    expect(bankRun.body).toMatchObject({
      requested: 1,
      paid: 1,
      amount: amountDue,
      byPartner: { agribank: 1 },
      payments: [{ status: 201, replays: [200], billIds: [billOf(viaBank)] }],
    });
    expect(await paidInBilling(viaBank)).toMatchObject({ paid: amountDue, outstanding: 0 });
    process.stdout.write(`wallet checkout e2e: VNPay IPN → paid in billing within ${vnpaySettleMs} ms\n`);
  });
});
