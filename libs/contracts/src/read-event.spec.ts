import { readEvent } from './read-event';
import { CONTRACTS } from './registry';

const envelope = (type: string, schemaVersion: number, data: object) => ({
  eventId: '01936b8e-8a3c-7d2e-9f41-5b6c7d8e9fa0',
  type,
  schemaVersion,
  occurredAt: '2026-11-25T08:00:00.000Z',
  producer: 'customer-system',
  partitionKey: 'PB05020054904',
  correlationId: 'import-2026-11',
  data,
});

const customerV2 = {
  customerCode: 'PB05020054904',
  name: 'Nguyễn Văn An',
  commune: 'Quế Sơn',
  households: 1,
  purpose: 'residential',
  voltageBand: '<6kV',
  threePriceMeter: false,
  landlordDeclaredOccupants: true,
  contact: { phone: '+84905123456', email: 'an@example.vn' },
};

describe('readEvent', () => {
  it('accepts the current version as it is', () => {
    const result = readEvent(JSON.stringify(envelope('CustomerRegistered', 2, customerV2)));
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({ schemaVersion: 2, data: customerV2 }),
    });
  });

  it('upcasts the previous version of CustomerRegistered to the current one', () => {
    const v1 = {
      customerCode: 'PB05020054904',
      name: 'Nguyễn Văn An',
      commune: 'Quế Sơn',
      households: 1,
      purpose: 'residential',
      phone: '0905123456',
      email: 'an@example.vn',
    };
    const result = readEvent(envelope('CustomerRegistered', 1, v1));
    expect(result).toEqual({
      ok: true,
      upcastFrom: 1,
      event: expect.objectContaining({ type: 'CustomerRegistered', schemaVersion: 2, data: customerV2 }),
    });
  });

  it('rejects a version older than the previous one, and a future one', () => {
    expect(readEvent(envelope('CustomerRegistered', 3, customerV2))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^schemaVersion: CustomerRegistered v3 is not read here/),
    });
  });

  it('names the fields that break the contract', () => {
    const result = readEvent(
      envelope('PaymentReceived', 1, {
        paymentId: 'p-1',
        customerCode: 'PB0502',
        amount: 298_430.5,
        partner: 'vnpay',
        channel: 'wallet',
        cashless: true,
        partnerReference: '14123456',
        paidAt: '2026-11-25T08:00:00Z',
      }),
    );
    expect(result.ok).toBe(false);
    const reason = (result as { reason: string }).reason;
    expect(reason).toMatch(/data\.customerCode: customerCode must be 13 characters/);
    expect(reason).toMatch(/data\.amount: amount must be a whole, non-negative number of dong/);
  });

  it('checks nested data', () => {
    const result = readEvent(
      envelope('CustomerRegistered', 2, { ...customerV2, contact: { phone: '0905' } }),
    );
    expect((result as { reason: string }).reason).toMatch(
      /data\.contact\.phone: contact\.phone must be E\.164/,
    );
  });

  it('rejects a broken envelope, an unknown type and non-JSON', () => {
    expect(readEvent({ ...envelope('BillIssued', 1, {}), eventId: 'nope' })).toEqual({
      ok: false,
      reason: expect.stringContaining('eventId must be a UUIDv7'),
    });
    expect(readEvent(envelope('BillUpdated', 1, {}))).toEqual({
      ok: false,
      reason: 'type: unknown event type "BillUpdated"',
    });
    expect(readEvent('{oops')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
  });

  it('keeps fields it does not know (consumers ignore them)', () => {
    const result = readEvent(envelope('CustomerRegistered', 2, { ...customerV2, loyaltyTier: 'gold' }));
    expect(result.ok).toBe(true);
  });

  it('every contract has a schema for its current version and upcasters below it', () => {
    for (const [type, contract] of Object.entries(CONTRACTS)) {
      const versions = contract.versions as Record<number, { upcast?: unknown }>;
      expect([type, typeof versions[contract.currentVersion]]).toEqual([type, 'object']);
      for (let v = 1; v < contract.currentVersion; v++)
        expect([type, v, typeof versions[v].upcast]).toEqual([type, v, 'function']);
    }
  });
});
