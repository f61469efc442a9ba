import type { KnownEvent } from '@gridpay/contracts';
import { SAMPLE_DATA } from '../templates/samples';
import { chooseChannels, renderFor, templateInputFor } from './plan-messages';

const phone = '+84905123456';
const email = 'an@example.com';
const branch = SAMPLE_DATA['bill-issued'].branch;

describe('chooseChannels', () => {
  it('without a preference, uses every channel with a known contact', () => {
    expect(chooseChannels({ phone, email }).send.map((s) => s.channel)).toEqual(['sms', 'email']);
    expect(chooseChannels({ phone }).send).toEqual([{ channel: 'sms', to: phone }]);
  });
  it('a customer who opted out gets nothing, recorded per channel', () => {
    const plan = chooseChannels({ phone, email }, { channels: 'both', optOut: true });
    expect(plan.send).toEqual([]);
    expect(plan.suppressed).toEqual([
      { channel: 'sms', reason: 'opted-out' },
      { channel: 'email', reason: 'opted-out' },
    ]);
  });
  it('follows the chosen channel, and says when its contact is missing', () => {
    expect(chooseChannels({ phone, email }, { channels: 'email', optOut: false }).send).toEqual([
      { channel: 'email', to: email },
    ]);
    expect(chooseChannels({ phone }, { channels: 'email', optOut: false }).suppressed).toEqual([
      { channel: 'email', reason: 'no-contact' },
    ]);
  });
  it('narrows to what the sender asked for, never beyond the customer choice', () => {
    expect(chooseChannels({ phone, email }, undefined, 'sms').send.map((s) => s.channel)).toEqual(['sms']);
    expect(chooseChannels({ phone, email }, { channels: 'email', optOut: false }, 'sms').suppressed).toEqual([
      { channel: 'sms', reason: 'channel-not-chosen' },
    ]);
  });
  it('no contact at all', () => {
    expect(chooseChannels({})).toEqual({
      send: [],
      suppressed: [
        { channel: 'sms', reason: 'no-contact' },
        { channel: 'email', reason: 'no-contact' },
      ],
    });
  });
});

const envelope = <T extends KnownEvent['type']>(type: T, data: unknown) =>
  ({
    eventId: 'e1',
    type,
    schemaVersion: 1,
    occurredAt: '',
    producer: 't',
    partitionKey: 'k',
    correlationId: 'c',
    data,
  }) as KnownEvent;

describe('templateInputFor', () => {
  const payment = {
    paymentId: 'p1',
    customerCode: 'PB05020054904',
    amount: 100_000,
    partner: 'momo',
    channel: 'wallet',
    cashless: true,
    partnerReference: 'r',
    paidAt: '2026-11-05T01:15:00Z',
  };
  const balance = {
    customerCode: 'PB05020054904',
    bills: { b1: { outstanding: 346_356, dueDate: '2026-11-15' } },
    settledPayments: [],
  };
  it('a receipt says what is still due after this payment', () => {
    const input = templateInputFor(envelope('PaymentReceived', payment), {
      branch,
      payChannels: [],
      balance,
    });
    expect(input).toMatchObject({
      templateId: 'payment-received',
      data: { outstanding: 246_356, credit: 0 },
    });
  });
  it('a payment billing already applied is not subtracted twice', () => {
    const settled = {
      ...balance,
      bills: { b1: { outstanding: 0, dueDate: '2026-11-15' } },
      settledPayments: ['p1'],
    };
    const input = templateInputFor(envelope('PaymentReceived', { ...payment, amount: 346_356 }), {
      branch,
      payChannels: [],
      balance: settled,
    });
    expect(input?.data).toMatchObject({ outstanding: 0 });
  });
  it('a bill without its reading sends nothing (the SMS must show both indexes)', () => {
    expect(
      templateInputFor(envelope('BillIssued', { customerCode: 'PB05020054904', period: '2026-10' }), {
        branch,
        payChannels: [],
      }),
    ).toBeUndefined();
  });
  it('renders once per channel: SMS text with its segment count, email with subject and HTML', () => {
    const input = { templateId: 'bill-issued' as const, data: SAMPLE_DATA['bill-issued'] };
    expect(renderFor('sms', input)).toMatchObject({
      segments: 1,
      text: expect.stringContaining('PB05020054904'),
    });
    expect(renderFor('email', input)).toMatchObject({ subject: expect.stringContaining('Tiền điện') });
  });
});
