import { createHmac } from 'node:crypto';
import {
  buildMomoCreateRequest,
  isMomoSuccess,
  momoCreateRawSignature,
  momoCreateSignature,
  momoIpnRawSignature,
  signMomoIpn,
  verifyMomoIpn,
} from './momo';

const config = {
  partnerCode: 'MOMOSANDBOX2026',
  accessKey: 'sandboxAccessKey',
  secretKey: 'sandboxSecretKey0000000000000000',
  endpoint: 'https://test-payment.momo.vn',
  redirectUrl: 'http://localhost:3000/v1/checkout/momo/return',
  ipnUrl: 'http://localhost:3000/v1/ipn/momo',
};
const hmac = (data: string) => createHmac('sha256', config.secretKey).update(data).digest('hex');

describe('MoMo v2 create request', () => {
  const fields = {
    accessKey: config.accessKey,
    amount: 346356,
    extraData: '',
    ipnUrl: config.ipnUrl,
    orderId: 'PB05020054904-2026-10-m1',
    orderInfo: 'Thanh toan hoa don 2026-10',
    partnerCode: config.partnerCode,
    redirectUrl: config.redirectUrl,
    requestId: 'r-0001',
    requestType: 'captureWallet',
  };

  it('signs accessKey..requestType in a–z order, raw values, HMAC-SHA256 hex', () => {
    expect(momoCreateRawSignature(fields)).toBe(
      'accessKey=sandboxAccessKey&amount=346356&extraData=&ipnUrl=http://localhost:3000/v1/ipn/momo' +
        '&orderId=PB05020054904-2026-10-m1&orderInfo=Thanh toan hoa don 2026-10&partnerCode=MOMOSANDBOX2026' +
        '&redirectUrl=http://localhost:3000/v1/checkout/momo/return&requestId=r-0001&requestType=captureWallet',
    );
    expect(momoCreateSignature(fields, config.secretKey)).toBe(hmac(momoCreateRawSignature(fields)));
  });

  it('builds the signed captureWallet body', () => {
    const body = buildMomoCreateRequest(config, {
      orderId: fields.orderId,
      requestId: fields.requestId,
      amount: 346356,
      orderInfo: fields.orderInfo,
    });
    expect(body).toEqual({ ...fields, lang: 'vi', signature: momoCreateSignature(fields, config.secretKey) });
    expect(() => buildMomoCreateRequest(config, { ...fields, amount: 0 })).toThrow(RangeError);
  });
});

describe('MoMo IPN', () => {
  const ipn = {
    partnerCode: config.partnerCode,
    orderId: 'PB05020054904-2026-10-m1',
    requestId: 'r-0001',
    amount: 346356,
    orderInfo: 'Thanh toan hoa don 2026-10',
    orderType: 'momo_wallet',
    transId: 4088878653,
    resultCode: 0,
    message: 'Thành công.',
    payType: 'qr',
    responseTime: 1793779200000,
    extraData: '',
  };

  it('signs accessKey..transId in a–z order with our access key (not in the body)', () => {
    expect(momoIpnRawSignature({ ...ipn, accessKey: config.accessKey })).toBe(
      'accessKey=sandboxAccessKey&amount=346356&extraData=&message=Thành công.&orderId=PB05020054904-2026-10-m1' +
        '&orderInfo=Thanh toan hoa don 2026-10&orderType=momo_wallet&partnerCode=MOMOSANDBOX2026&payType=qr' +
        '&requestId=r-0001&responseTime=1793779200000&resultCode=0&transId=4088878653',
    );
    const signed = signMomoIpn(ipn, config.secretKey, config.accessKey);
    expect(signed.signature).toBe(hmac(momoIpnRawSignature({ ...ipn, accessKey: config.accessKey })));
  });

  it('verifies a signed IPN, whether numbers arrive as JSON numbers or strings', () => {
    const signed = signMomoIpn(ipn, config.secretKey, config.accessKey);
    expect(verifyMomoIpn(signed, config.secretKey, config.accessKey)).toBe(true);
    expect(verifyMomoIpn(JSON.parse(JSON.stringify(signed)), config.secretKey, config.accessKey)).toBe(true);
    expect(verifyMomoIpn({ ...signed, amount: '346356' }, config.secretKey, config.accessKey)).toBe(true);
  });

  it('refuses a tampered IPN, a missing field, another key and a non-object', () => {
    const signed = signMomoIpn(ipn, config.secretKey, config.accessKey);
    expect(verifyMomoIpn({ ...signed, amount: 1000 }, config.secretKey, config.accessKey)).toBe(false);
    expect(verifyMomoIpn({ ...signed, resultCode: 1006 }, config.secretKey, config.accessKey)).toBe(false);
    const { payType: _gone, ...missing } = signed;
    expect(verifyMomoIpn(missing, config.secretKey, config.accessKey)).toBe(false);
    expect(verifyMomoIpn(signed, 'other secret', config.accessKey)).toBe(false);
    expect(verifyMomoIpn(signed, config.secretKey, 'otherAccessKey')).toBe(false);
    expect(verifyMomoIpn({ ...signed, signature: 'zz' }, config.secretKey, config.accessKey)).toBe(false);
    expect(verifyMomoIpn(null, config.secretKey, config.accessKey)).toBe(false);
    expect(verifyMomoIpn('{}', config.secretKey, config.accessKey)).toBe(false);
  });

  it('counts only resultCode 0 as paid', () => {
    expect(isMomoSuccess(0)).toBe(true);
    expect(isMomoSuccess('0')).toBe(true);
    for (const code of [9000, 7000, 1006, '', '00']) expect(isMomoSuccess(code)).toBe(false);
  });
});
