import { DomainError } from '@gridpay/shared/ddd';
import { renderEmail, renderSms } from './render';
import { SAMPLE_DATA } from './samples';
import { TEMPLATE_IDS, type BillIssuedData, type TemplateData, type TemplateId } from './template-data';

const bill = SAMPLE_DATA['bill-issued'];
const billFacts = (data: BillIssuedData) => [
  data.customerCode,
  `thang ${data.period.slice(5)}/${data.period.slice(0, 4)}`,
  `chi so cu ${data.oldIndex}, moi ${data.newIndex}`,
  `${data.kwh} kWh`,
];
const sms = <T extends TemplateId>(id: T, data: TemplateData[T]) => renderSms(id, data);

describe('renderSms', () => {
  it.each(TEMPLATE_IDS)('%s: the sample fits one GSM-7 segment', (id) => {
    const rendered = renderSms(id, SAMPLE_DATA[id] as never);
    expect(rendered).toMatchObject({ encoding: 'GSM-7', segments: 1, templateVersion: 1 });
    expect(rendered.length).toBeLessThanOrEqual(160);
  });

  describe('bill issued', () => {
    it('carries the customer code, period, both indexes, kWh, the amount and the due date', () => {
      const { text, shortened } = sms('bill-issued', bill);
      for (const fact of billFacts(bill)) expect(text).toContain(fact);
      expect(text).toContain('Tien dien 346.356d, han TT 15/11.');
      expect(text).toContain('KH PB05020054904 (Nguyen Van An)');
      expect(text).toMatch(/TT qua MoMo, VNPay/);
      expect(shortened).toEqual(['truncate payChannels']);
    });

    it('formats amounts with dot grouping and a d suffix', () => {
      expect(sms('bill-issued', { ...bill, amountDue: 1_234_567 }).text).toContain('1.234.567d');
      expect(sms('bill-issued', { ...bill, amountDue: 999 }).text).toContain('Tien dien 999d');
    });

    it('strips accents from the name and the ways to pay, so the message stays GSM-7', () => {
      const rendered = sms('bill-issued', { ...bill, customerName: 'Đỗ Thị Ước', payChannels: ['bank'] });
      expect(rendered.text).toContain('(Do Thi Uoc)');
      expect(rendered.text).toContain('TT qua ngan hang.');
      expect(rendered.encoding).toBe('GSM-7');
    });

    it('shortens the list of ways to pay before touching the name', () => {
      const rendered = sms('bill-issued', { ...bill, customerName: 'Nguyễn Văn An' });
      expect(rendered.text).toContain('(Nguyen Van An)');
      expect(rendered.text).not.toContain('ngan hang');
    });

    it('truncates a long name at a word, then drops it, and keeps every number whole', () => {
      const longName = 'Trường Trung học cơ sở Nguyễn Văn Trỗi xã Quế Xuân Một';
      const rendered = sms('bill-issued', { ...bill, customerName: longName });
      expect(rendered.segments).toBe(1);
      for (const fact of billFacts(bill)) expect(rendered.text).toContain(fact);
      expect(rendered.text).toContain('346.356d');
      expect(rendered.text).toMatch(/\(Truong Trung hoc[\w ]*\.\.\.\)|KH PB05020054904 thang/);
      expect(rendered.shortened[0]).toBe('truncate payChannels');
    });

    it.each([0, 1, 3, 8, 20, 60])('a name of %i words never costs a second segment or a digit', (words) => {
      const customerName = Array.from({ length: words }, (_, i) => `Nguyễn${i}`).join(' ');
      const data = { ...bill, customerName, oldIndex: 9_999_990, newIndex: 10_001_234, kwh: 11_244 };
      const rendered = sms('bill-issued', { ...data, amountDue: 123_456_789 });
      expect(rendered.segments).toBe(1);
      for (const fact of billFacts(data)) expect(rendered.text).toContain(fact);
      expect(rendered.text).toContain('Tien dien 123.456.789d, han TT 15/11.');
    });

    it('drops a name that stays outside GSM-7 unaccented rather than send three UCS-2 segments', () => {
      const rendered = sms('bill-issued', { ...bill, customerName: '王小明' });
      expect(rendered).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(rendered.text).not.toContain('王小明');
      expect(rendered.shortened).toContain('drop customerName');
    });

    it('reports UCS-2 and its segment count when a fact itself is outside GSM-7', () => {
      const branch = { name: 'Điện lực 王' };
      const rendered = sms('outreach-invitation', { ...SAMPLE_DATA['outreach-invitation'], branch });
      expect(rendered.encoding).toBe('UCS-2');
      expect(rendered.segments).toBeGreaterThan(1);
      expect(rendered.text).toContain('ma QS7K2P');
    });

    it('refuses amounts and indexes that are not whole numbers', () => {
      expect(() => sms('bill-issued', { ...bill, amountDue: 10.5 })).toThrow(DomainError);
      expect(() => sms('bill-issued', { ...bill, oldIndex: -1 })).toThrow(/oldIndex must be a whole number/);
    });
  });

  it('reports more segments when the facts alone need them, and then cuts nothing it did not need to', () => {
    const branch = { name: 'Công ty Điện lực Quảng Nam - Điện lực Quế Sơn - Đội Quản lý khách hàng số 2' };
    const data = { ...SAMPLE_DATA['outreach-invitation'], branch };
    const rendered = sms('outreach-invitation', data);
    expect(rendered.segments).toBe(2);
    expect(rendered.shortened).toEqual([]);
    expect(rendered.text).toContain('(Nguyen Van An)');
    expect(rendered.text).toContain('ma QS7K2P');
  });

  describe('payment received', () => {
    const receipt = SAMPLE_DATA['payment-received'];
    it('names amount, partner and channel, in local time, and says it is paid in full', () => {
      expect(sms('payment-received', receipt).text).toBe(
        'KH PB05020054904 (Nguyen Van An) da thanh toan 346.356d tien dien qua MoMo (vi dien tu) luc 08:15 05/11. Da thanh toan du. Cam on Quy khach!',
      );
    });
    it('says what is still due after a partial payment, and the credit after an overpayment', () => {
      expect(sms('payment-received', { ...receipt, amount: 100_000, outstanding: 246_356 }).text).toContain(
        'Con phai tra 246.356d.',
      );
      expect(sms('payment-received', { ...receipt, amount: 400_000, credit: 53_644 }).text).toContain(
        'Du 53.644d tru vao ky sau.',
      );
    });
    it('shows unknown partner and channel codes as they are', () => {
      expect(sms('payment-received', { ...receipt, partner: 'shb', channel: 'qr' }).text).toContain(
        'qua shb (qr)',
      );
    });
  });

  describe('auto-debit failed', () => {
    const failed = SAMPLE_DATA['auto-debit-failed'];
    it('explains the partner code in plain words and says when it retries', () => {
      const { text } = sms('auto-debit-failed', failed);
      expect(text).toContain('khong thanh cong do vi khong du so du. Se trich lai ngay 08/11.');
      expect(text).toContain('TT qua VNPay');
    });
    it.each([
      ['momo', '1004', 'vuot han muc thanh toan'],
      ['vietcombank', 'insufficient-funds', 'tai khoan khong du so du'],
      ['vietcombank', 'E42', 'ngan hang tu choi giao dich'],
    ])('%s %s → %s', (partner, reasonCode, words) => {
      expect(sms('auto-debit-failed', { ...failed, partner, reasonCode }).text).toContain(`do ${words}.`);
    });
    it('says it will not retry, with the due date, when no retry is planned', () => {
      expect(sms('auto-debit-failed', { ...failed, retryAt: undefined }).text).toContain(
        'Se khong trich lai, han TT 15/11.',
      );
    });
  });

  it('payment reversed: what is due again', () => {
    expect(sms('payment-reversed', SAMPLE_DATA['payment-reversed']).text).toContain(
      'khoan thanh toan 346.356d qua VNPay da bi huy ngay 05/11. Con phai tra 346.356d.',
    );
  });

  it('mandate registered and cancelled', () => {
    expect(sms('mandate-registered', SAMPLE_DATA['mandate-registered']).text).toContain(
      'qua Vietcombank, TK ****1234, tu 05/11.',
    );
    expect(sms('mandate-cancelled', SAMPLE_DATA['mandate-cancelled']).text).toContain(
      'tu 20/11. Vui long TT qua',
    );
  });

  it('outreach invitation carries the short code, with or without a link', () => {
    const invite = SAMPLE_DATA['outreach-invitation'];
    expect(sms('outreach-invitation', invite).text).toMatch(/Dang ky tai evncpc\.vn\/dk, ma QS7K2P$/);
    expect(sms('outreach-invitation', { ...invite, enrollUrl: undefined }).text).toMatch(
      /Ma dang ky: QS7K2P$/,
    );
  });

  it('refuses an unknown template id', () => {
    expect(() => renderSms('bill' as TemplateId, bill as never)).toThrow(/no template "bill"/);
  });
});

describe('renderEmail', () => {
  it('keeps full accents in subject and text', () => {
    const email = renderEmail('bill-issued', bill);
    expect(email.subject).toBe('Tiền điện tháng 10/2026 của khách hàng PB05020054904: 346.356 đ');
    expect(email.text).toContain('Kính gửi Quý khách Nguyễn Văn An,');
    expect(email.text).toContain('- Số tiền phải thanh toán: 346.356 đ\n- Hạn thanh toán: 15/11/2026');
    expect(email.text).toContain('qua: MoMo, VNPay, ViettelPay, ngân hàng.');
    expect(email.text).toMatch(/Trân trọng,\nĐiện lực Quế Sơn$/);
  });

  it('adds the credit line only when credit was applied, leaving no blank line otherwise', () => {
    expect(renderEmail('bill-issued', bill).text).toContain('150 kWh\n- Số tiền phải thanh toán');
    expect(renderEmail('bill-issued', { ...bill, creditApplied: 46_356 }).text).toContain(
      '150 kWh\n- Đã trừ tiền trả trước: 46.356 đ\n- Số tiền phải thanh toán',
    );
  });

  it('escapes the values in the HTML, not in the text', () => {
    const email = renderEmail('bill-issued', { ...bill, customerName: 'Bà <Lan> & "Huệ"' });
    expect(email.html).toContain('<strong>Bà &#60;Lan&#62; &#38; &#34;Huệ&#34;</strong>');
    expect(email.html).not.toContain('<Lan>');
    expect(email.text).toContain('Kính gửi Quý khách Bà <Lan> & "Huệ",');
  });

  it('greets without a name when there is none', () => {
    expect(
      renderEmail('payment-received', { ...SAMPLE_DATA['payment-received'], customerName: ' ' }).text,
    ).toMatch(/^Kính gửi Quý khách,/);
  });

  it.each(TEMPLATE_IDS)('%s renders a complete email for the sample', (id) => {
    const email = renderEmail(id, SAMPLE_DATA[id] as never);
    expect(email.subject).not.toMatch(/\{\{|\}\}/);
    expect(email.html).toMatch(/^<!doctype html>[\s\S]*<\/html>$/);
    expect(email.text).toContain('PB05020054904');
  });

  it('auto-debit failed: when it retries, in local time', () => {
    expect(renderEmail('auto-debit-failed', SAMPLE_DATA['auto-debit-failed']).text).toContain(
      'Hệ thống sẽ trích nợ lại vào 08:00 ngày 08/11/2026.',
    );
  });
});
