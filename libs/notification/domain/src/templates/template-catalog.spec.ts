import { isGsm7 } from '../text/gsm7';
import { removeAccents } from '../text/remove-accents';
import { parseTemplateCatalog, TEMPLATE_CATALOG } from './template-catalog';
import { TEMPLATE_IDS } from './template-data';
import v1 from './v1.json';

const withSms = (id: string, sms: unknown) => ({
  ...v1,
  templates: { ...v1.templates, [id]: { ...v1.templates['bill-issued'], sms } },
});

describe('template catalog v1', () => {
  it('has an SMS and an email for every template id', () => {
    expect(TEMPLATE_CATALOG.version).toBe(1);
    for (const id of TEMPLATE_IDS) {
      expect(TEMPLATE_CATALOG.templates[id].sms.text).toBeTruthy();
      expect(TEMPLATE_CATALOG.templates[id].email.html).toContain('<html');
    }
  });
  it.each(TEMPLATE_IDS)('%s: the SMS wording is unaccented GSM-7', (id) => {
    const text = TEMPLATE_CATALOG.templates[id].sms.text;
    expect(removeAccents(text)).toBe(text);
    expect(isGsm7(text)).toBe(true);
  });
  it.each(TEMPLATE_IDS)('%s: the email wording has its accents', (id) => {
    const { subject, text } = TEMPLATE_CATALOG.templates[id].email;
    expect(removeAccents(subject + text)).not.toBe(subject + text);
  });
  it('refuses a shortening step on anything but courtesy fields (amounts, codes, indexes)', () => {
    const sms = { text: '{{#amountDue}}{{amountDue}}{{/amountDue}}', shorten: [{ drop: 'amountDue' }] };
    expect(() => parseTemplateCatalog(withSms('bill-issued', sms))).toThrow(/may only shorten/);
  });
  it('refuses to drop a field that is not an optional section', () => {
    const sms = { text: 'KH {{customerCode}} {{customerName}}', shorten: [{ drop: 'customerName' }] };
    expect(() => parseTemplateCatalog(withSms('bill-issued', sms))).toThrow(/only an optional section/);
  });
  it('refuses a missing template and malformed syntax at load time', () => {
    const { 'outreach-invitation': _gone, ...rest } = v1.templates;
    expect(() => parseTemplateCatalog({ ...v1, templates: rest })).toThrow(/outreach-invitation needs/);
    expect(() => parseTemplateCatalog(withSms('bill-issued', { text: '{{amount', shorten: [] }))).toThrow(
      /malformed/,
    );
  });
});
