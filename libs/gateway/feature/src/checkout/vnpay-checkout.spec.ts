import { vnpayChannel, vnpayPaidAt } from './vnpay-checkout.controller';

describe('VNPay IPN fields → the recorded payment', () => {
  const fallback = new Date('2026-11-05T01:00:00Z');

  it('vnp_PayDate is Asia/Ho_Chi_Minh wall time', () => {
    expect(vnpayPaidAt('20261105083000', fallback)).toBe('2026-11-05T08:30:00+07:00');
  });

  it('a missing or malformed vnp_PayDate falls back to the time given', () => {
    for (const bad of [undefined, '', '2026-11-05', '20261305083000x', ['20261105083000']])
      expect(vnpayPaidAt(bad, fallback)).toBe(fallback.toISOString());
  });

  it('VNPAY-QR is paid in a bank app (MOBILE_BANKING), cards and accounts on the page are INTERNET_BANKING', () => {
    expect(vnpayChannel('QRCODE')).toBe('MOBILE_BANKING');
    expect(vnpayChannel('ATM')).toBe('INTERNET_BANKING');
    expect(vnpayChannel(undefined)).toBe('INTERNET_BANKING');
  });
});
