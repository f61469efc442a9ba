import { runPreview } from './preview';

describe('preview CLI', () => {
  it('prints the SMS for the sample event and its segment count', () => {
    const out = runPreview(['bill-issued']);
    expect(out).toContain('KH PB05020054904 (Nguyen Van An) thang 10/2026: chi so cu 1200, moi 1350');
    expect(out).toMatch(
      /--- bill-issued v1 sms: 1 segment, GSM-7, \d+\/160, shortened: truncate payChannels\n$/,
    );
  });

  it('takes another name, to try a long one', () => {
    const out = runPreview(['bill-issued', '--name', 'Công ty TNHH Thương mại Dịch vụ Xây dựng Quế Sơn']);
    expect(out).toContain('346.356d');
    expect(out).toMatch(/1 segment, GSM-7.*customerName/);
  });

  it('prints the email subject, text and HTML with accents', () => {
    const out = runPreview(['payment-received', '--channel', 'email']);
    expect(out).toMatch(/^Subject: Biên nhận thanh toán tiền điện 346\.356 đ - khách hàng PB05020054904\n/);
    expect(out).toContain('--- html ---\n<!doctype html>');
  });

  it.each([
    [[], /give a template id/],
    [['bill'], /unknown template "bill"/],
    [['bill-issued', '--channel', 'fax'], /--channel must be sms or email/],
    [['bill-issued', '--channel'], /--channel needs a value/],
    [['bill-issued', '--colour', 'red'], /unknown option --colour/],
  ])('refuses %j', (argv, message) => {
    expect(() => runPreview(argv)).toThrow(message);
  });
});
