import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * MoMo All-In-One payment gateway v2 (POST /v2/gateway/api/create, requestType captureWallet).
 * Every signature is hex HMAC-SHA256(secretKey) over `key=value` pairs in a fixed a–z key order,
 * values as they are (no URL encoding), joined with `&`.
 */
export const MOMO_CREATE_PATH = '/v2/gateway/api/create';

export interface MomoConfig {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  /** e.g. https://test-payment.momo.vn */
  endpoint: string;
  redirectUrl: string;
  ipnUrl: string;
}

type Value = string | number;

/** The fields of the create request's signature, in MoMo's order. */
export interface MomoCreateSignatureFields {
  accessKey: string;
  amount: Value;
  extraData: string;
  ipnUrl: string;
  orderId: string;
  orderInfo: string;
  partnerCode: string;
  redirectUrl: string;
  requestId: string;
  requestType: string;
}

const CREATE_FIELDS = [
  'accessKey',
  'amount',
  'extraData',
  'ipnUrl',
  'orderId',
  'orderInfo',
  'partnerCode',
  'redirectUrl',
  'requestId',
  'requestType',
] as const satisfies ReadonlyArray<keyof MomoCreateSignatureFields>;

/** The fields of the IPN's signature, in MoMo's order (accessKey is ours; the IPN body omits it). */
export interface MomoIpnSignatureFields {
  accessKey: string;
  amount: Value;
  extraData: string;
  message: string;
  orderId: string;
  orderInfo: string;
  orderType: string;
  partnerCode: string;
  payType: string;
  requestId: string;
  responseTime: Value;
  resultCode: Value;
  transId: Value;
}

const IPN_FIELDS = [
  'accessKey',
  'amount',
  'extraData',
  'message',
  'orderId',
  'orderInfo',
  'orderType',
  'partnerCode',
  'payType',
  'requestId',
  'responseTime',
  'resultCode',
  'transId',
] as const satisfies ReadonlyArray<keyof MomoIpnSignatureFields>;

function rawSignature<T extends object>(fields: T, order: ReadonlyArray<keyof T>): string {
  return order.map((key) => `${String(key)}=${String(fields[key])}`).join('&');
}

function hmacSha256Hex(secretKey: string, data: string): string {
  return createHmac('sha256', secretKey).update(data, 'utf8').digest('hex');
}

export function momoCreateRawSignature(fields: MomoCreateSignatureFields): string {
  return rawSignature(fields, CREATE_FIELDS);
}

export function momoCreateSignature(fields: MomoCreateSignatureFields, secretKey: string): string {
  return hmacSha256Hex(secretKey, momoCreateRawSignature(fields));
}

export function momoIpnRawSignature(fields: MomoIpnSignatureFields): string {
  return rawSignature(fields, IPN_FIELDS);
}

export function momoIpnSignature(fields: MomoIpnSignatureFields, secretKey: string): string {
  return hmacSha256Hex(secretKey, momoIpnRawSignature(fields));
}

export interface MomoCreateRequest extends Omit<MomoCreateSignatureFields, 'amount'> {
  amount: number;
  lang: 'vi' | 'en';
  signature: string;
}

/** The signed JSON body to POST to `${endpoint}${MOMO_CREATE_PATH}`. */
export function buildMomoCreateRequest(
  config: MomoConfig,
  order: {
    orderId: string;
    requestId: string;
    amount: number;
    orderInfo: string;
    extraData?: string;
    lang?: 'vi' | 'en';
  },
): MomoCreateRequest {
  if (!Number.isSafeInteger(order.amount) || order.amount <= 0)
    throw new RangeError('amount must be a whole number of dong above 0');
  const fields = {
    accessKey: config.accessKey,
    amount: order.amount,
    extraData: order.extraData ?? '',
    ipnUrl: config.ipnUrl,
    orderId: order.orderId,
    orderInfo: order.orderInfo,
    partnerCode: config.partnerCode,
    redirectUrl: config.redirectUrl,
    requestId: order.requestId,
    requestType: 'captureWallet',
  };
  return { ...fields, lang: order.lang ?? 'vi', signature: momoCreateSignature(fields, config.secretKey) };
}

/** The JSON body MoMo POSTs to the ipnUrl. */
export interface MomoIpnBody {
  partnerCode: string;
  orderId: string;
  requestId: string;
  amount: number;
  orderInfo: string;
  orderType: string;
  transId: number;
  resultCode: number;
  message: string;
  payType: string;
  responseTime: number;
  extraData: string;
  signature: string;
}

/** An IPN body signed as MoMo would (used by the partner sandbox). */
export function signMomoIpn(
  ipn: Omit<MomoIpnBody, 'signature'>,
  secretKey: string,
  accessKey: string,
): MomoIpnBody {
  return { ...ipn, signature: momoIpnSignature({ ...ipn, accessKey }, secretKey) };
}

const SIGNED_IPN_FIELDS = IPN_FIELDS.filter((key) => key !== 'accessKey');

/**
 * True when a parsed IPN body carries every signed field (strings or finite numbers) and a signature
 * that matches them (constant-time compare). Check partnerCode, orderId and amount against the order
 * separately.
 */
export function verifyMomoIpn(body: unknown, secretKey: string, accessKey: string): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  const fields: Record<string, Value> = { accessKey };
  for (const key of SIGNED_IPN_FIELDS) {
    const value = record[key];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
      fields[key] = value;
    else return false;
  }
  const signature = record['signature'];
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = momoIpnSignature(fields as unknown as MomoIpnSignatureFields, secretKey);
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature.toLowerCase(), 'hex'));
}

/** MoMo resultCode 0 is the only success; 9000 is authorised but not yet captured. */
export const MOMO_RESULT_CODES = {
  success: 0,
  authorized: 9000,
  pending: [1000, 7000, 7002],
  insufficientFunds: 1001,
  issuerRejected: 1002,
  cancelled: 1003,
  overLimit: 1004,
  expired: 1005,
  userDenied: 1006,
} as const;

export function isMomoSuccess(resultCode: number | string): boolean {
  return resultCode === MOMO_RESULT_CODES.success || resultCode === '0';
}
