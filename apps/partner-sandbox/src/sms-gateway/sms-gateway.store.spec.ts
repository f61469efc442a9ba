import { SmsGatewayStore } from './sms-gateway.store';

const sms = (requestId: string, to = '+84905123456') => ({
  brandname: 'EVNCPC',
  to,
  text: 'KH ...',
  requestId,
});

describe('sandbox SMS gateway', () => {
  it('accepts a message once per request id and answers a repeat with the first message id', () => {
    const store = new SmsGatewayStore();
    const first = store.submit(sms('n1'));
    const again = store.submit(sms('n1'));
    expect(first).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(again.body).toHaveProperty('messageId', (first.body as { messageId: string }).messageId);
    expect(store.list()).toHaveLength(1);
  });
  it('plays a transient failure a given number of times, then delivers', () => {
    const store = new SmsGatewayStore();
    store.failFor(['+84905123456'], 'transient', 2);
    expect(store.submit(sms('n1')).status).toBe(503);
    expect(store.submit(sms('n1')).status).toBe(503);
    expect(store.submit(sms('n1')).status).toBe(200);
    expect(store.attempts.get('+84905123456')).toBe(3);
  });
  it('plays an invalid number until cleared', () => {
    const store = new SmsGatewayStore();
    store.failFor(['+84900000000'], 'permanent');
    expect(store.submit(sms('a', '+84900000000'))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_NUMBER' },
    });
    expect(store.submit(sms('b', '+84900000000')).status).toBe(400);
    store.clearFailures();
    expect(store.submit(sms('c', '+84900000000')).status).toBe(200);
  });
  it('filters what arrived by number and time', () => {
    const store = new SmsGatewayStore();
    store.submit(sms('a', '+84905000001'), new Date('2026-11-01T00:00:00Z'));
    store.submit(sms('b', '+84905000002'), new Date('2026-11-01T01:00:00Z'));
    expect(store.list({ to: '+84905000001' }).map((m) => m.requestId)).toEqual(['a']);
    expect(store.list({ since: '2026-11-01T00:30:00.000Z' }).map((m) => m.requestId)).toEqual(['b']);
  });
});
