import { randomBytes } from 'node:crypto';
import { freePort, ServiceProcess, uniqueName, waitFor } from '@gridpay/shared/testing';
import { call, json, signed } from './partner-calls';
import { billingProcess, serviceEnv } from './service-env';

jest.setTimeout(240_000);

describe('auto-debit: provider-integration killed between the bank taking the money and the event', () => {
  const running: ServiceProcess[] = [];
  afterAll(() => Promise.all(running.map((service) => service.kill())));

  it('the bill is debited exactly once and billing shows it paid once', async () => {
    const sandbox = new ServiceProcess('partner-sandbox', await freePort(), { LOG_LEVEL: 'warn' });
    const billing = await billingProcess();
    // The same database across the restart: the service comes back to its own records.
    const piEnv = serviceEnv({
      OPEN_BILLS_GROUP: uniqueName('e2e-open-bills'),
      AUTO_DEBIT_GROUP: uniqueName('e2e-auto-debit'),
      BANK_ADAPTER_URL: `${sandbox.url}/bank`,
      BANK_TIMEOUT_MS: '20000',
      AUTO_DEBIT_LEASE_MS: '3000',
      AUTO_DEBIT_CHECK_AFTER_MS: '1000',
      // The fresh open-bills group reads the whole shared bills topic: small buckets keep its writes cheap.
      PROJECTION_BUCKETS: '64',
    });
    const piPort = await freePort();
    let providerIntegration = new ServiceProcess('provider-integration', piPort, piEnv);
    running.push(sandbox, billing, providerIntegration);
    const gateway = new ServiceProcess(
      'gateway',
      await freePort(),
      serviceEnv({ PROVIDER_INTEGRATION_URL: providerIntegration.url }),
    );
    running.push(gateway);
    await Promise.all(
      [billing, providerIntegration, gateway].map((service) => service.waitForReadiness(200)),
    );
    await waitFor(
      'the sandbox bank',
      async () => (await call(sandbox.url, 'GET', '/bank/debits')).status === 200,
    );

    const customerCode = `PD${randomBytes(2).readUInt16BE(0).toString().padStart(4, '0').slice(-4)}${String(Date.now()).slice(-7)}`;
    const accountRef = `9704${String(Date.now()).slice(-9)}`;
    // The bank holds its answer for 4 s after taking the money: the kill lands inside that window.
    expect(
      (
        await json(sandbox.url, 'PUT', '/bank/outcomes', {
          outcomes: [{ accountRef, outcome: 'slow', delayMs: 4000 }],
        })
      ).status,
    ).toBe(204);

    // The bank enrols the customer through the partner API.
    const mandate = await waitFor(
      'the mandate registered through the gateway',
      async () => {
        const answer = await signed(gateway, 'POST', '/v1/mandates', {
          mandateRef: uniqueName('UNC').replace(/\./g, '-'),
          customerCode,
          accountRef,
          enrolledBy: 'NV0042',
        });
        return answer.status === 201 ? answer.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(mandate).toMatchObject({
      customerCode,
      accountMasked: `****${accountRef.slice(-4)}`,
      status: 'ACTIVE',
    });
    const listed = await signed(gateway, 'GET', `/v1/mandates?customerCode=${customerCode}`);
    expect(listed.body.mandates).toEqual([mandate]);
    expect(JSON.stringify(listed.body)).not.toContain(accountRef);

    const csv = { 'content-type': 'text/csv' };
    expect(
      await call(
        billing.url,
        'POST',
        '/customers/import',
        `customerCode,name,commune,purpose\n${customerCode},Trần Thị Bình,Quế Phú,residential\n`,
        csv,
      ),
    ).toMatchObject({ status: 201, body: { accepted: 1 } });
    expect(
      (
        await call(
          billing.url,
          'POST',
          '/readings/import',
          `customerCode,readDate,oldIndex,newIndex\n${customerCode},2026-10-20,1200,1350\n`,
          csv,
        )
      ).status,
    ).toBe(201);
    expect((await call(billing.url, 'POST', '/bill-runs/2026-10')).status).toBe(202);
    const billId = `${customerCode}-2026-10`;

    // The debit reaches the bank; while the bank still holds its answer, provider-integration dies.
    const inFlight = await waitFor(
      'the debit at the bank',
      async () => {
        const answer = await call(sandbox.url, 'GET', `/bank/debits?billId=${billId}`);
        return answer.body.count > 0 ? answer.body.debits[0] : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 50 },
    ).catch((error) => {
      process.stdout.write(
        providerIntegration.lines.slice(-40).join('\n') + '\n' + providerIntegration.stderr.join('') + '\n',
      );
      throw error;
    });
    expect(inFlight.status).toBe('PROCESSING');
    expect(await providerIntegration.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await waitFor(
      'the bank to take the money',
      async () =>
        (await call(sandbox.url, 'GET', `/bank/debits/${inFlight.idempotencyKey}`)).body.status ===
        'SUCCEEDED',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect((await call(billing.url, 'GET', `/bills/${billId}`)).body.status).not.toBe('paid');

    // Back up on the same database: the attempt it recorded before the call is resolved from the bank.
    providerIntegration = new ServiceProcess('provider-integration', piPort, piEnv);
    running.push(providerIntegration);
    const restartedAt = Date.now();
    const paid = await waitFor(
      'billing to show the bill paid',
      async () => {
        const answer = await call(billing.url, 'GET', `/bills/${billId}`);
        return answer.body.status === 'paid' ? answer.body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    ).catch(async (error) => {
      const debit = await call(providerIntegration.url, 'GET', `/admin/auto-debit/debits/${billId}`);
      process.stdout.write(
        `debit after restart: ${JSON.stringify(debit.body)}\n${providerIntegration.lines
          .filter((l) => !l.includes('"info"'))
          .slice(-30)
          .join('\n')}\n`,
      );
      throw error;
    });
    const settledMs = Date.now() - restartedAt;
    expect(paid).toMatchObject({ paid: paid.amountDue, outstanding: 0 });

    const debits = (await call(sandbox.url, 'GET', `/bank/debits?billId=${billId}`)).body;
    expect(debits).toMatchObject({ count: 1, debits: [{ status: 'SUCCEEDED', amount: paid.amountDue }] });
    const debit = (await call(providerIntegration.url, 'GET', `/admin/auto-debit/debits/${billId}`)).body;
    expect(debit).toMatchObject({ status: 'SUCCEEDED', attempts: [{ attempt: 1, status: 'succeeded' }] });

    // Nothing arrives later either: another BillIssued of the same bill (a redelivery) changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call(sandbox.url, 'GET', `/bank/debits?billId=${billId}`)).body.count).toBe(1);
    expect((await call(billing.url, 'GET', `/bills/${billId}`)).body).toMatchObject({
      paid: paid.amountDue,
      outstanding: 0,
    });
    // The customer withdraws the authorisation at the bank.
    const cancelled = await signed(gateway, 'DELETE', `/v1/mandates/${mandate.mandateId}`, {
      reason: 'customer asked',
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: { mandateId: mandate.mandateId, status: 'CANCELLED' },
    });
    expect((await signed(gateway, 'DELETE', `/v1/mandates/${mandate.mandateId}`)).body).toEqual(
      cancelled.body,
    );
    expect((await signed(gateway, 'DELETE', '/v1/mandates/agribank.NOPE')).status).toBe(404);
    process.stdout.write(
      `auto-debit e2e: killed mid-call, restarted, bill paid ${settledMs} ms after restart; bank debits for the bill: ${debits.count} (requests ${debits.debits[0].requests})\n`,
    );
  });
});
