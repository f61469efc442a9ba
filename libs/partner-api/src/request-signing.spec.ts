import { createHash, createHmac } from 'node:crypto';
import {
  partnerStringToSign,
  sha256Hex,
  signPartnerRequest,
  verifyPartnerRequest,
  type IncomingHeaders,
  type VerifyPartnerRequestOptions,
} from './request-signing';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const secret = 'sandbox-secret-agribank-k1';
const now = new Date('2026-11-05T08:00:00Z');
const ts = Math.floor(now.getTime() / 1000);
const body = Buffer.from('{"partnerTxnId":"T1","amount":346356}');
const request = {
  method: 'post',
  pathWithQuery: '/v1/payments?x=1',
  body,
  partnerCode: 'agribank',
  keyId: 'k1',
  secret,
  timestamp: ts,
  nonce: 'n0nce-0123456789abcdef',
};

function options(overrides: Partial<VerifyPartnerRequestOptions> = {}) {
  const nonces = new Set<string>();
  const seenNonce = jest.fn((partner: string, nonce: string) => {
    const key = `${partner}/${nonce}`;
    const seen = nonces.has(key);
    nonces.add(key);
    return seen;
  });
  return {
    now,
    lookupKey: (partner: string, keyId: string) =>
      partner === 'agribank' && keyId === 'k1' ? { secret, active: true } : undefined,
    seenNonce,
    ...overrides,
  };
}

const lower = (headers: Record<string, string>): IncomingHeaders =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('partner request signing', () => {
  it('signs METHOD, path with query, timestamp, nonce and the SHA-256 of the raw body, one per line', () => {
    const toSign = partnerStringToSign('post', '/v1/payments?x=1', String(ts), request.nonce, body);
    expect(toSign).toBe(
      `POST\n/v1/payments?x=1\n${ts}\nn0nce-0123456789abcdef\n${createHash('sha256').update(body).digest('hex')}`,
    );
    const headers = signPartnerRequest(request);
    expect(headers).toEqual({
      'X-Partner-Code': 'agribank',
      'X-Key-Id': 'k1',
      'X-Timestamp': String(ts),
      'X-Nonce': request.nonce,
      'X-Signature': createHmac('sha256', secret).update(toSign).digest('hex'),
    });
    expect(headers['X-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an empty body is hashed as the empty string', () => {
    expect(sha256Hex(undefined)).toBe(EMPTY_SHA256);
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(partnerStringToSign('GET', '/v1/bills', '1', 'n', Buffer.alloc(0)).endsWith(EMPTY_SHA256)).toBe(
      true,
    );
  });
});

describe('verifying a partner request', () => {
  const headers = lower(signPartnerRequest(request));
  const verify = (h: IncomingHeaders, o = options(), path = request.pathWithQuery, raw = body) =>
    verifyPartnerRequest(h, 'POST', path, raw, o);

  it('accepts a correctly signed request (header names in any case)', async () => {
    await expect(verify(headers)).resolves.toEqual({ ok: true, partnerCode: 'agribank', keyId: 'k1' });
    await expect(verify(signPartnerRequest(request))).resolves.toMatchObject({ ok: true });
  });

  it.each(['X-Partner-Code', 'X-Key-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature'])(
    'refuses a request without %s, naming it',
    async (name) => {
      const { [name.toLowerCase()]: _gone, ...rest } = headers;
      await expect(verify(rest)).resolves.toMatchObject({ ok: false, reason: 'MISSING_HEADER', field: name });
      await expect(verify({ ...rest, [name]: '  ' })).resolves.toMatchObject({ reason: 'MISSING_HEADER' });
    },
  );

  it('refuses an unknown partner, an unknown key id and an inactive key', async () => {
    const other = lower(signPartnerRequest({ ...request, keyId: 'k9' }));
    await expect(verify(other)).resolves.toMatchObject({ reason: 'UNKNOWN_KEY' });
    const stranger = lower(signPartnerRequest({ ...request, partnerCode: 'nobody' }));
    await expect(verify(stranger)).resolves.toMatchObject({ reason: 'UNKNOWN_KEY' });
    const revoked = options({ lookupKey: () => ({ secret, active: false }) });
    await expect(verify(headers, revoked)).resolves.toMatchObject({ reason: 'UNKNOWN_KEY' });
  });

  it('refuses a signature made with another secret, or over other bytes, path or method', async () => {
    const wrongSecret = lower(signPartnerRequest({ ...request, secret: 'guess' }));
    await expect(verify(wrongSecret)).resolves.toMatchObject({
      reason: 'BAD_SIGNATURE',
      field: 'X-Signature',
    });
    await expect(
      verify(headers, options(), request.pathWithQuery, Buffer.from(' ' + body.toString())),
    ).resolves.toMatchObject({ reason: 'BAD_SIGNATURE' });
    await expect(verify(headers, options(), '/v1/payments?x=2')).resolves.toMatchObject({
      reason: 'BAD_SIGNATURE',
    });
    await expect(
      verifyPartnerRequest(headers, 'PUT', request.pathWithQuery, body, options()),
    ).resolves.toMatchObject({ reason: 'BAD_SIGNATURE' });
    await expect(verify({ ...headers, 'x-signature': 'not-hex' })).resolves.toMatchObject({
      reason: 'BAD_SIGNATURE',
    });
  });

  it('accepts a timestamp up to 300 s either way and refuses beyond', async () => {
    for (const skew of [-300, 300]) {
      const h = lower(signPartnerRequest({ ...request, timestamp: ts + skew }));
      await expect(verify(h)).resolves.toMatchObject({ ok: true });
    }
    for (const skew of [-301, 301]) {
      const h = lower(signPartnerRequest({ ...request, timestamp: ts + skew }));
      await expect(verify(h)).resolves.toMatchObject({ reason: 'STALE_TIMESTAMP', field: 'X-Timestamp' });
    }
    const millis = lower(signPartnerRequest({ ...request, timestamp: now.getTime() }));
    await expect(verify(millis)).resolves.toMatchObject({ reason: 'STALE_TIMESTAMP' });
    await expect(verify({ ...headers, 'x-timestamp': '17e8' })).resolves.toMatchObject({
      reason: 'STALE_TIMESTAMP',
    });
  });

  it('refuses a nonce shorter than 16 or longer than 64 characters', async () => {
    for (const nonce of ['a'.repeat(15), 'a'.repeat(65), 'sixteen chars ok']) {
      const h = lower(signPartnerRequest({ ...request, nonce }));
      await expect(verify(h)).resolves.toMatchObject({ reason: 'BAD_NONCE', field: 'X-Nonce' });
    }
    for (const nonce of ['a'.repeat(16), 'a'.repeat(64)]) {
      await expect(verify(lower(signPartnerRequest({ ...request, nonce })))).resolves.toMatchObject({
        ok: true,
      });
    }
  });

  it('refuses a replayed nonce, and only consults the nonce store once the signature is valid', async () => {
    const o = options();
    await expect(verify(headers, o)).resolves.toMatchObject({ ok: true });
    await expect(verify(headers, o)).resolves.toMatchObject({ reason: 'REPLAYED_NONCE', field: 'X-Nonce' });
    const fresh = options();
    await verify(lower(signPartnerRequest({ ...request, secret: 'guess' })), fresh);
    expect(fresh.seenNonce).not.toHaveBeenCalled();
  });

  it('works with asynchronous key and nonce stores', async () => {
    const o = options({
      lookupKey: async () => ({ secret, active: true }),
      seenNonce: async () => false,
    });
    await expect(verify(headers, o)).resolves.toMatchObject({ ok: true });
  });
});
