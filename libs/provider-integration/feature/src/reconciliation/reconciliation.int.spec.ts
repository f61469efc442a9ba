import { businessDay } from '@gridpay/payments/domain';
import { uniqueName, waitFor } from '@gridpay/shared/testing';
import { freshCustomerCode, ProviderIntegrationHarness } from '../provider-integration.harness';

jest.setTimeout(90_000);

describe('daily reconciliation workflow (real MongoDB-wire server and Kafka)', () => {
  let h: ProviderIntegrationHarness;
  beforeAll(async () => {
    h = await new ProviderIntegrationHarness().setUp();
  });
  afterAll(async () => {
    await h?.tearDown();
  });

  it('finds each kind of discrepancy and nothing else; re-post is idempotent; a corrected file supersedes; mismatches stay open until resolved', async () => {
    const partner = 'agribank';
    const paidAt = new Date().toISOString();
    const today = businessDay(paidAt);
    const codes = [freshCustomerCode(), freshCustomerCode(), freshCustomerCode(), freshCustomerCode()];
    for (const code of codes) await h.issueBills(code, [{ period: '2026-10', amountDue: 500_000 }]);
    const txn = (n: string) => `${uniqueName('REC')}-${n}`.replace(/[^A-Za-z0-9._-]/g, '-');
    const [matched, differs, missingTheirs, reversed] = ['A', 'B', 'C', 'D'].map(txn);
    const missingOurs = txn('E');
    const pay = (partnerTxnId: string, customerCode: string, amount: number) =>
      h.call('POST', '/internal/payments', {
        partner,
        partnerTxnId,
        customerCode,
        amount,
        channel: 'MOBILE_BANKING',
        paidAt,
      });
    expect((await pay(matched, codes[0], 100_000)).status).toBe(201);
    expect((await pay(differs, codes[1], 200_000)).status).toBe(201);
    expect((await pay(missingTheirs, codes[2], 300_000)).status).toBe(201);
    expect((await pay(reversed, codes[3], 400_000)).status).toBe(201);
    expect((await h.call('POST', `/internal/payments/${partner}/${reversed}/reversal`, {})).status).toBe(200);

    const line = (id: string, code: string, amount: number) => `${id},${code},${amount},${paidAt}`;
    // The partner's file: one match, one amount off, ours missing, theirs has one we never got; the
    // reversed payment is in neither.
    const file = [
      'partnerTxnId,customerCode,amount,paidAt',
      line(matched, codes[0], 100_000),
      line(differs, codes[1], 200_500),
      line(missingOurs, codes[3], 50_000),
    ].join('\n');
    const first = await h.call('POST', `/internal/reconciliations/${partner}/${today}`, file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      matched: 1,
      run: 1,
      missingOurs: [{ partnerTxnId: missingOurs, customerCode: codes[3], amount: 50_000 }],
      missingTheirs: [{ partnerTxnId: missingTheirs, customerCode: codes[2], amount: 300_000 }],
      amountDiffers: [{ partnerTxnId: differs, customerCode: codes[1], ours: 200_000, theirs: 200_500 }],
    });
    expect(first.body.missingOurs).toHaveLength(1);
    expect(first.body.missingTheirs).toHaveLength(1);
    expect(first.body.amountDiffers).toHaveLength(1);

    // The same file again (lines in another order): the same report, no second run.
    const reordered = [file.split('\n')[0], ...file.split('\n').slice(1).reverse()].join('\r\n');
    expect(await h.call('POST', `/internal/reconciliations/${partner}/${today}`, reordered)).toEqual(first);
    const completed = async () =>
      (await h.published()).filter(
        (e) =>
          e.type === 'ReconciliationCompleted' && (e.data as { businessDate: string }).businessDate === today,
      );
    expect(await completed()).toHaveLength(1);
    expect((await completed())[0].data).toMatchObject({
      partner,
      matched: 1,
      missingAtUs: 1,
      missingAtPartner: 1,
      amountMismatches: 1,
      matchedAmount: 100_000,
    });

    const day = await h.call('GET', `/admin/reconciliations/${partner}/${today}`);
    expect(day.body.open.map((m: { key: string }) => m.key).sort()).toEqual(
      [`amountDiffers:${differs}`, `missingOurs:${missingOurs}`, `missingTheirs:${missingTheirs}`].sort(),
    );

    // A corrected file: the amount fixed and the forgotten line added; it supersedes the first.
    const corrected = [
      line(matched, codes[0], 100_000),
      line(differs, codes[1], 200_000),
      line(missingTheirs, codes[2], 300_000),
      line(missingOurs, codes[3], 50_000),
    ].join('\n');
    const second = await h.call('POST', `/internal/reconciliations/${partner}/${today}`, corrected);
    expect(second.body).toMatchObject({
      matched: 3,
      run: 2,
      supersedes: first.body.fileHash,
      missingTheirs: [],
      amountDiffers: [],
    });
    expect(await completed()).toHaveLength(2);
    const open = (await h.call('GET', `/admin/reconciliations/${partner}/${today}`)).body.open;
    expect(open).toEqual([
      expect.objectContaining({ key: `missingOurs:${missingOurs}`, kind: 'missingOurs' }),
    ]);
    expect(
      (await h.call('GET', `/admin/reconciliations/${partner}?from=${today}&to=${today}`)).body,
    ).toHaveLength(1);

    // Only a payment missing on our side can be posted late; the operator posts it.
    expect(
      (
        await h.call(
          'POST',
          `/admin/reconciliations/${partner}/${today}/mismatches/missingOurs:${missingOurs}/resolution`,
          {
            action: 'late-payment',
            note: 'bank confirmed the debit',
            resolvedBy: 'OP01',
          },
        )
      ).status,
    ).toBe(400);
    const resolved = await h.call(
      'POST',
      `/admin/reconciliations/${partner}/${today}/mismatches/missingOurs:${missingOurs}/resolution`,
      {
        action: 'late-payment',
        note: 'bank confirmed the debit',
        resolvedBy: 'OP01',
        channel: 'MOBILE_BANKING',
      },
    );
    expect(resolved.body).toMatchObject({
      open: [],
      resolved: [{ kind: 'missingOurs', resolution: { action: 'late-payment', resolvedBy: 'OP01' } }],
    });
    const late = await waitFor('the late payment published', async () =>
      (await h.published()).find(
        (e) =>
          e.type === 'PaymentReceived' &&
          (e.data as { partnerReference: string }).partnerReference === missingOurs,
      ),
    );
    expect(late.data).toMatchObject({ customerCode: codes[3], amount: 50_000 });
    expect((await h.call('GET', `/admin/reconciliations/${partner}?from=${today}&to=${today}`)).body).toEqual(
      [],
    );
  });
});
