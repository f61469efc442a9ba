import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The five headers every partner request carries. */
export const PARTNER_HEADERS = {
  partnerCode: 'X-Partner-Code',
  keyId: 'X-Key-Id',
  timestamp: 'X-Timestamp',
  nonce: 'X-Nonce',
  signature: 'X-Signature',
} as const;

export type PartnerHeaderName = (typeof PARTNER_HEADERS)[keyof typeof PARTNER_HEADERS];

export type PartnerHeaders = Record<PartnerHeaderName, string>;

/** A request older or newer than this (seconds from the gateway's clock) is refused. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
export const NONCE_MIN_LENGTH = 16;
export const NONCE_MAX_LENGTH = 64;

export type RawBody = Buffer | Uint8Array | string | undefined;

export interface SignPartnerRequestInput {
  method: string;
  /** Exactly as sent on the request line: path plus query string, not re-encoded or re-ordered. */
  pathWithQuery: string;
  /** The raw body bytes (a string is taken as UTF-8); empty or undefined for no body. */
  body?: RawBody;
  partnerCode: string;
  keyId: string;
  secret: string;
  /** Unix seconds. */
  timestamp: number | string;
  /** Unique per request, 16–64 characters. */
  nonce: string;
}

export function sha256Hex(body: RawBody): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

/** METHOD \n PATH_WITH_QUERY \n TIMESTAMP \n NONCE \n hex(SHA256(body)): what X-Signature is an HMAC of. */
export function partnerStringToSign(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: RawBody,
): string {
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, sha256Hex(body)].join('\n');
}

function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

/** The headers a partner (or the sandbox standing in for one) attaches to a request. */
export function signPartnerRequest(input: SignPartnerRequestInput): PartnerHeaders {
  const timestamp = String(input.timestamp);
  const toSign = partnerStringToSign(input.method, input.pathWithQuery, timestamp, input.nonce, input.body);
  return {
    [PARTNER_HEADERS.partnerCode]: input.partnerCode,
    [PARTNER_HEADERS.keyId]: input.keyId,
    [PARTNER_HEADERS.timestamp]: timestamp,
    [PARTNER_HEADERS.nonce]: input.nonce,
    [PARTNER_HEADERS.signature]: hmacHex(input.secret, toSign),
  };
}

export type PartnerAuthFailureReason =
  'MISSING_HEADER' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP' | 'REPLAYED_NONCE' | 'BAD_NONCE';

export type PartnerAuthResult =
  | { ok: true; partnerCode: string; keyId: string }
  | { ok: false; reason: PartnerAuthFailureReason; message: string; field?: PartnerHeaderName };

type MaybePromise<T> = T | Promise<T>;

export interface PartnerKeyRecord {
  secret: string;
  active: boolean;
}

export interface VerifyPartnerRequestOptions {
  now: Date;
  /** The key, or undefined when the partner or key id is unknown. */
  lookupKey(partnerCode: string, keyId: string): MaybePromise<PartnerKeyRecord | undefined>;
  /**
   * True when the nonce was already used by this partner within the tolerance window. Called only for
   * a request whose signature is valid, so a store may record the nonce in the same atomic step
   * (insert with a unique index: duplicate → true) without strangers filling it.
   */
  seenNonce(partnerCode: string, nonce: string): MaybePromise<boolean>;
}

/** Node gives header names in lower case; plain objects from tests may not. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

function header(headers: IncomingHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
    return single === undefined || single.trim() === '' ? undefined : single.trim();
  }
  return undefined;
}

const fail = (
  reason: PartnerAuthFailureReason,
  message: string,
  field?: PartnerHeaderName,
): PartnerAuthResult => (field ? { ok: false, reason, message, field } : { ok: false, reason, message });

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const UNIX_SECONDS = /^\d{1,12}$/;
const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * Checks a partner request: all five headers, a nonce of 16–64 visible characters, a timestamp within
 * 300 s of `now`, an active key, an X-Signature over the exact bytes received (compared in constant
 * time), then a nonce not seen before. Never throws for bad input.
 */
export async function verifyPartnerRequest(
  headers: IncomingHeaders,
  method: string,
  pathWithQuery: string,
  rawBody: RawBody,
  options: VerifyPartnerRequestOptions,
): Promise<PartnerAuthResult> {
  const values = {} as Record<PartnerHeaderName, string>;
  for (const name of Object.values(PARTNER_HEADERS)) {
    const value = header(headers, name);
    if (value === undefined) return fail('MISSING_HEADER', `header ${name} is required`, name);
    values[name] = value;
  }
  const partnerCode = values[PARTNER_HEADERS.partnerCode];
  const keyId = values[PARTNER_HEADERS.keyId];
  const timestamp = values[PARTNER_HEADERS.timestamp];
  const nonce = values[PARTNER_HEADERS.nonce];
  const signature = values[PARTNER_HEADERS.signature].toLowerCase();

  if (nonce.length < NONCE_MIN_LENGTH || nonce.length > NONCE_MAX_LENGTH || !VISIBLE_ASCII.test(nonce))
    return fail(
      'BAD_NONCE',
      `${PARTNER_HEADERS.nonce} must be ${NONCE_MIN_LENGTH}–${NONCE_MAX_LENGTH} visible ASCII characters`,
      PARTNER_HEADERS.nonce,
    );

  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (!UNIX_SECONDS.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return fail(
      'STALE_TIMESTAMP',
      `${PARTNER_HEADERS.timestamp} must be unix seconds within ${TIMESTAMP_TOLERANCE_SECONDS} s of the server clock`,
      PARTNER_HEADERS.timestamp,
    );

  const key = await options.lookupKey(partnerCode, keyId);
  if (!key || !key.active) return fail('UNKNOWN_KEY', 'unknown or inactive key', PARTNER_HEADERS.keyId);

  const expected = hmacHex(key.secret, partnerStringToSign(method, pathWithQuery, timestamp, nonce, rawBody));
  if (
    !HEX_64.test(signature) ||
    !timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(expected, 'hex'))
  )
    return fail('BAD_SIGNATURE', 'signature does not match the request', PARTNER_HEADERS.signature);

  if (await options.seenNonce(partnerCode, nonce))
    return fail('REPLAYED_NONCE', 'nonce already used', PARTNER_HEADERS.nonce);

  return { ok: true, partnerCode, keyId };
}
