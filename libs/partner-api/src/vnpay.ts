import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * VNPay payment gateway, API v2.1.0. The signing recipe follows VNPay's Node.js merchant sample:
 * keys and values encoded with encodeURIComponent, `%20` turned into `+`, pairs sorted by key and
 * joined as `k=v&k=v` (qs.stringify with encode:false), then hex HMAC-SHA512 with vnp_HashSecret.
 * vnp_SecureHash and vnp_SecureHashType are not signed. Amounts on the wire are dong × 100.
 */
export const VNPAY_VERSION = '2.1.0';

export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  /** e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
  payUrl: string;
  returnUrl: string;
}

export interface VnpayOrder {
  /** Our order reference, unique per day at VNPay. */
  txnRef: string;
  /** Whole dong; vnp_Amount is this × 100. */
  amountDong: number;
  /** VNPay asks for Vietnamese without diacritics and without special characters. */
  orderInfo: string;
  ipAddr: string;
  /** yyyyMMddHHmmss in Asia/Ho_Chi_Minh (see vnpayDate). */
  createDate: string;
  /** yyyyMMddHHmmss in Asia/Ho_Chi_Minh; optional for VNPay. */
  expireDate?: string;
  locale?: 'vn' | 'en';
  /** VNPay goods category; 250000 is bill payment. */
  orderType?: string;
  bankCode?: string;
}

/** Query parameters as a server framework hands them over (already URL-decoded). */
export type VnpayParams = Record<string, string | string[] | undefined>;

const UNSIGNED = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);
const VNPAY_DATE = /^\d{14}$/;
const HO_CHI_MINH_OFFSET_MS = 7 * 3600 * 1000;

/** Form-style encoding as VNPay's Node sample does it: encodeURIComponent with spaces as `+`. */
export function vnpayEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** yyyyMMddHHmmss of an instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vnpayDate(instant: Date): string {
  return new Date(instant.getTime() + HO_CHI_MINH_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, 14);
}

function signedEntries(params: VnpayParams): Array<[string, string]> | undefined {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith('vnp_') || UNSIGNED.has(key) || value === undefined) continue;
    // A repeated parameter has no single value to sign: refuse rather than guess.
    if (Array.isArray(value)) return undefined;
    entries.push([vnpayEncode(key), vnpayEncode(value)]);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The string VNPay signs: sorted, encoded `k=v` pairs of every vnp_* parameter but the hash itself. */
export function vnpaySignData(params: VnpayParams): string {
  const entries = signedEntries(params);
  if (!entries) throw new Error('a vnp_* parameter is repeated');
  return entries.map(([key, value]) => `${key}=${value}`).join('&');
}

export function vnpaySecureHash(params: VnpayParams, hashSecret: string): string {
  return createHmac('sha512', hashSecret).update(vnpaySignData(params), 'utf8').digest('hex');
}

/** The parameters with vnp_SecureHash added (the partner sandbox signs its IPNs with this). */
export function signVnpayParams(
  params: Record<string, string>,
  hashSecret: string,
): Record<string, string> & { vnp_SecureHash: string } {
  return { ...params, vnp_SecureHash: vnpaySecureHash(params, hashSecret) };
}

/** True when vnp_SecureHash matches the other vnp_* parameters (constant-time compare). */
export function verifyVnpaySignature(params: VnpayParams, hashSecret: string): boolean {
  const received = params['vnp_SecureHash'];
  if (typeof received !== 'string' || !/^[0-9a-fA-F]{128}$/.test(received)) return false;
  if (!signedEntries(params)) return false;
  const expected = Buffer.from(vnpaySecureHash(params, hashSecret), 'hex');
  return timingSafeEqual(expected, Buffer.from(received.toLowerCase(), 'hex'));
}

/** Encoded `k=v` pairs, sorted, as they go on the payment URL. */
export function vnpayQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${vnpayEncode(key)}=${vnpayEncode(params[key])}`)
    .join('&');
}

/** The signed URL the customer's browser is sent to. */
export function buildVnpayPaymentUrl(config: VnpayConfig, order: VnpayOrder): string {
  if (!Number.isSafeInteger(order.amountDong) || order.amountDong <= 0)
    throw new RangeError('amountDong must be a whole number of dong above 0');
  if (!VNPAY_DATE.test(order.createDate)) throw new RangeError('createDate must be yyyyMMddHHmmss');
  if (order.expireDate !== undefined && !VNPAY_DATE.test(order.expireDate))
    throw new RangeError('expireDate must be yyyyMMddHHmmss');
  const params: Record<string, string> = {
    vnp_Version: VNPAY_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: config.tmnCode,
    vnp_Amount: String(order.amountDong * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: order.txnRef,
    vnp_OrderInfo: order.orderInfo,
    vnp_OrderType: order.orderType ?? '250000',
    vnp_Locale: order.locale ?? 'vn',
    vnp_ReturnUrl: config.returnUrl,
    vnp_IpAddr: order.ipAddr,
    vnp_CreateDate: order.createDate,
  };
  if (order.expireDate) params['vnp_ExpireDate'] = order.expireDate;
  if (order.bankCode) params['vnp_BankCode'] = order.bankCode;
  const secureHash = vnpaySecureHash(params, config.hashSecret);
  return `${config.payUrl}?${vnpayQueryString(params)}&vnp_SecureHash=${secureHash}`;
}

/** Dong from vnp_Amount (dong × 100); undefined when it is not a whole number of dong. */
export function vnpayAmountDong(vnpAmount: string | undefined): number | undefined {
  if (vnpAmount === undefined || !/^\d{1,17}$/.test(vnpAmount)) return undefined;
  const hundredths = Number(vnpAmount);
  return Number.isSafeInteger(hundredths) && hundredths % 100 === 0 ? hundredths / 100 : undefined;
}

/** VNPay counts a payment as made only when both codes are 00. */
export function isVnpaySuccess(params: VnpayParams): boolean {
  return params['vnp_ResponseCode'] === '00' && params['vnp_TransactionStatus'] === '00';
}

/** What the merchant answers an IPN with (HTTP 200 JSON). VNPay retries until 00 or 02. */
export interface VnpayIpnReply {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
}

export const VNPAY_IPN_REPLIES = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidChecksum: { RspCode: '97', Message: 'Invalid Checksum' },
  other: { RspCode: '99', Message: 'Unknown error' },
} as const satisfies Record<string, VnpayIpnReply>;
