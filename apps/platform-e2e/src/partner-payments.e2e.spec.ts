import { randomBytes } from 'node:crypto';
import { freePort, ServiceProcess, startGroupAtTail, uniqueName, waitFor } from '@gridpay/shared/testing';
import { call, signed } from './partner-calls';
import { billingProcess, serviceEnv } from './service-env';

jest.setTimeout(180_000);

describe('a partner pays a bill through the gateway (billing, provider-integration, gateway as processes)', () => {
  const running: ServiceProcess[] = [];
  afterAll(() => Promise.all(running.map((service) => service.kill())));

  it('inquiry → pay → billing shows the bill paid → reversal reopens it', async () => {
    const billing = await billingProcess();
    // At the end of the bills topic: earlier tests' bills would keep the open-bills projection busy.
    const openBillsGroup = uniqueName('e2e-open-bills');
    await startGroupAtTail(openBillsGroup);
    const providerIntegration = new ServiceProcess(
      'provider-integration',
      await freePort(),
      serviceEnv({ OPEN_BILLS_GROUP: openBillsGroup }),
    );
    running.push(billing, providerIntegration);
    const gateway = new ServiceProcess(
      'gateway',
      await freePort(),
      serviceEnv({ PROVIDER_INTEGRATION_URL: providerIntegration.url }),
    );
    running.push(gateway);
    await Promise.all(running.map((service) => service.waitForReadiness(200)));

    // Billing staff import a customer and a reading, and run October's bills.
    const customerCode = `PE${randomBytes(2).readUInt16BE(0).toString().padStart(4, '0').slice(-4)}${String(Date.now()).slice(-7)}`;
    const csv = { 'content-type': 'text/csv' };
    expect(
      await call(
        billing.url,
        'POST',
        '/customers/import',
        `customerCode,name,commune,purpose\n${customerCode},Nguyễn Văn An,Quế An,residential\n`,
        csv,
      ),
    ).toMatchObject({ status: 201, body: { accepted: 1 } });
    expect(
      await call(
        billing.url,
        'POST',
        '/readings/import',
        `customerCode,readDate,oldIndex,newIndex\n${customerCode},2026-10-20,1200,1350\n`,
        csv,
      ),
    ).toMatchObject({ status: 201 });
    expect((await call(billing.url, 'POST', '/bill-runs/2026-10')).status).toBe(202);
    const billId = `${customerCode}-2026-10`;
    const issued = await waitFor('the bill issued in billing', async () => {
      const answer = await call(billing.url, 'GET', `/bills/${billId}`);
      return answer.status === 200 ? answer.body : undefined;
    });
    const amountDue: number = issued.amountDue;
    expect(amountDue).toBeGreaterThan(0);

    // The bank asks what the customer owes: provider-integration learnt it from BillIssued.
    const inquiry = await waitFor(
      'the bill in the partner inquiry',
      async () => {
        const answer = await signed(gateway, 'GET', `/v1/bills?customerCode=${customerCode}`);
        return answer.status === 200 ? answer : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(inquiry.body).toEqual({
      customerCode,
      bills: [{ billId, period: '2026-10', kwh: 150, amountDue, dueDate: issued.issued.dueDate }],
    });

    // The customer pays at the bank's app.
    const partnerTxnId = uniqueName('AGR');
    const accepted = await signed(gateway, 'POST', '/v1/payments', {
      partnerTxnId,
      customerCode,
      amount: amountDue,
      channel: 'MOBILE_BANKING',
      paidAt: new Date().toISOString(),
    });
    const acceptedAt = Date.now();
    expect(accepted).toMatchObject({
      status: 201,
      body: { partnerTxnId, status: 'ACCEPTED', appliedTo: [{ billId, amount: amountDue }], credit: 0 },
    });

    const paid = await waitFor(
      'billing to show the bill paid',
      async () => {
        const answer = await call(billing.url, 'GET', `/bills/${billId}`);
        return answer.body.status === 'paid' ? answer.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const settleMs = Date.now() - acceptedAt;
    expect(paid).toMatchObject({ paid: amountDue, outstanding: 0 });
    await waitFor('the inquiry to show no open bill', async () => {
      const answer = await signed(gateway, 'GET', `/v1/bills?customerCode=${customerCode}`);
      return answer.body.bills?.length === 0;
    });

    // The same day the bank reverses it: billing reopens the bill and the inquiry shows it again.
    expect(
      await signed(gateway, 'POST', `/v1/payments/${partnerTxnId}/reversal`, {
        reason: 'customer cancelled',
      }),
    ).toEqual({
      status: 200,
      body: { status: 'REVERSED' },
    });
    const reversedAt = Date.now();
    await waitFor('billing to reopen the bill', async () => {
      const answer = await call(billing.url, 'GET', `/bills/${billId}`);
      return answer.body.status === 'issued' && answer.body.outstanding === amountDue;
    });
    const reopenMs = Date.now() - reversedAt;
    await waitFor('the inquiry to show the bill open again', async () => {
      const answer = await signed(gateway, 'GET', `/v1/bills?customerCode=${customerCode}`);
      return answer.body.bills?.[0]?.amountDue === amountDue;
    });
    expect((await signed(gateway, 'GET', `/v1/payments/${partnerTxnId}`)).body.status).toBe('REVERSED');
    process.stdout.write(
      `partner payment e2e: accepted → paid in billing ${settleMs} ms; reversed → reopened ${reopenMs} ms\n`,
    );
  });
});
