import { createHmac } from 'node:crypto';
import {
  VNPAY_IPN_REPLIES,
  buildVnpayPaymentUrl,
  isVnpaySuccess,
  signVnpayParams,
  vnpayAmountDong,
  vnpayDate,
  vnpaySignData,
  verifyVnpaySignature,
} from './vnpay';

const hashSecret = 'SANDBOXVNPAYHASHSECRET0000000000';
const config = {
  tmnCode: 'GRIDPAY1',
  hashSecret,
  payUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  returnUrl: 'http://localhost:3000/v1/checkout/vnpay/return',
};

/** An IPN as VNPay sends it, decoded by the HTTP framework (shape from VNPay's v2.1.0 docs). */
const ipn = {
  vnp_Amount: '34635600',
  vnp_BankCode: 'NCB',
  vnp_BankTranNo: 'VNP14226112',
  vnp_CardType: 'ATM',
  vnp_OrderInfo: 'Thanh toan hoa don PB05020054904 ky 2026-10',
  vnp_PayDate: '20261105150112',
  vnp_ResponseCode: '00',
  vnp_TmnCode: 'GRIDPAY1',
  vnp_TransactionNo: '14226112',
  vnp_TransactionStatus: '00',
  vnp_TxnRef: 'PB05020054904-2026-10-1',
};

describe('VNPay v2.1.0 signing', () => {
  it('signs the vnp_* parameters sorted by key, form-encoded (space as +), joined with &', () => {
    expect(
      vnpaySignData({
        vnp_TxnRef: 'T1',
        vnp_Amount: '1000000',
        vnp_OrderInfo: 'Thanh toan don hang: 5',
        vnp_ReturnUrl: 'https://merchant.vn/return?a=1',
        vnp_SecureHash: 'ignored',
        vnp_SecureHashType: 'HmacSHA512',
        other: 'not a vnp_ parameter',
      }),
    ).toBe(
      'vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan+don+hang%3A+5' +
        '&vnp_ReturnUrl=https%3A%2F%2Fmerchant.vn%2Freturn%3Fa%3D1&vnp_TxnRef=T1',
    );
  });

  it('the hash is hex HMAC-SHA512 of that string with the hash secret', () => {
    const signed = signVnpayParams(ipn, hashSecret);
    expect(signed.vnp_SecureHash).toBe(
      createHmac('sha512', hashSecret).update(vnpaySignData(ipn)).digest('hex'),
    );
    expect(signed.vnp_SecureHash).toMatch(/^[0-9a-f]{128}$/);
  });

  it('agrees with the WHATWG form encoder (used by other VNPay clients) for plain text', () => {
    const fromUrlSearchParams = new URLSearchParams(
      Object.entries(ipn).sort(([a], [b]) => (a < b ? -1 : 1)),
    ).toString();
    expect(vnpaySignData(ipn)).toBe(fromUrlSearchParams);
  });

  it('verifies an IPN it signed, ignoring vnp_SecureHashType and the hash case', () => {
    const signed = signVnpayParams(ipn, hashSecret);
    expect(verifyVnpaySignature(signed, hashSecret)).toBe(true);
    expect(verifyVnpaySignature({ ...signed, vnp_SecureHashType: 'HmacSHA512' }, hashSecret)).toBe(true);
    expect(
      verifyVnpaySignature({ ...signed, vnp_SecureHash: signed.vnp_SecureHash.toUpperCase() }, hashSecret),
    ).toBe(true);
  });

  it('refuses a tampered, unsigned, repeated or wrongly keyed IPN', () => {
    const signed = signVnpayParams(ipn, hashSecret);
    expect(verifyVnpaySignature({ ...signed, vnp_Amount: '100' }, hashSecret)).toBe(false);
    expect(verifyVnpaySignature({ ...signed, vnp_Extra: 'x' }, hashSecret)).toBe(false);
    expect(verifyVnpaySignature(signed, 'another secret')).toBe(false);
    expect(verifyVnpaySignature(ipn, hashSecret)).toBe(false);
    expect(verifyVnpaySignature({ ...signed, vnp_SecureHash: 'abc' }, hashSecret)).toBe(false);
    expect(verifyVnpaySignature({ ...signed, vnp_TxnRef: ['a', 'b'] }, hashSecret)).toBe(false);
  });
});

describe('VNPay payment URL', () => {
  const order = {
    txnRef: 'PB05020054904-2026-10-1',
    amountDong: 346_356,
    orderInfo: 'Thanh toan hoa don PB05020054904 ky 2026-10',
    ipAddr: '127.0.0.1',
    createDate: '20261105150000',
    locale: 'vn' as const,
  };

  it('carries the order, the amount in dong x 100 and a hash VNPay can verify', () => {
    const url = new URL(buildVnpayPaymentUrl(config, order));
    expect(`${url.origin}${url.pathname}`).toBe(config.payUrl);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: 'GRIDPAY1',
      vnp_Amount: '34635600',
      vnp_CurrCode: 'VND',
      vnp_TxnRef: order.txnRef,
      vnp_OrderInfo: order.orderInfo,
      vnp_Locale: 'vn',
      vnp_ReturnUrl: config.returnUrl,
      vnp_IpAddr: '127.0.0.1',
      vnp_CreateDate: '20261105150000',
    });
    expect(verifyVnpaySignature(params, hashSecret)).toBe(true);
  });

  it('puts the parameters on the URL sorted and encoded exactly as signed, the hash last', () => {
    const url = buildVnpayPaymentUrl(config, order);
    const query = url.slice(url.indexOf('?') + 1);
    const [signed, hash] = query.split('&vnp_SecureHash=');
    const params = Object.fromEntries(new URL(url).searchParams);
    expect(signed).toBe(vnpaySignData(params));
    expect(hash).toBe(createHmac('sha512', hashSecret).update(signed).digest('hex'));
  });

  it('refuses an amount that is not whole dong above 0 and a malformed date', () => {
    expect(() => buildVnpayPaymentUrl(config, { ...order, amountDong: 0 })).toThrow(RangeError);
    expect(() => buildVnpayPaymentUrl(config, { ...order, amountDong: 10.5 })).toThrow(RangeError);
    expect(() => buildVnpayPaymentUrl(config, { ...order, createDate: '2026-11-05' })).toThrow(RangeError);
  });
});

describe('VNPay helpers', () => {
  it('formats dates in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(vnpayDate(new Date('2026-11-05T08:00:00Z'))).toBe('20261105150000');
    expect(vnpayDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
  });
  it('reads vnp_Amount back into dong, refusing fractions of a dong', () => {
    expect(vnpayAmountDong('34635600')).toBe(346_356);
    expect(vnpayAmountDong('34635650')).toBeUndefined();
    expect(vnpayAmountDong('-100')).toBeUndefined();
    expect(vnpayAmountDong(undefined)).toBeUndefined();
  });
  it('counts a payment as made only when ResponseCode and TransactionStatus are both 00', () => {
    expect(isVnpaySuccess(ipn)).toBe(true);
    expect(isVnpaySuccess({ ...ipn, vnp_TransactionStatus: '02' })).toBe(false);
    expect(isVnpaySuccess({ ...ipn, vnp_ResponseCode: '24' })).toBe(false);
  });
  it('names the IPN replies VNPay expects', () => {
    expect(Object.values(VNPAY_IPN_REPLIES).map((r) => r.RspCode)).toEqual([
      '00',
      '01',
      '02',
      '04',
      '97',
      '99',
    ]);
  });
});
