import { maskEmail, maskPhone } from './mask';

describe('masking personal data', () => {
  it('keeps the network prefix and the last three digits of a phone number', () => {
    expect(maskPhone('+84905123456')).toBe('+84905***456');
    expect(maskPhone('0905123456')).toBe('0905***456');
    expect(maskPhone('+84 905 123 456')).toBe('+84905***456');
  });
  it('hides anything that is not a phone number entirely', () => {
    expect(maskPhone('call me')).toBe('***');
    expect(maskPhone('12345')).toBe('***');
  });
  it('keeps two letters of the mailbox and the domain', () => {
    expect(maskEmail('nguyen.van.a@example.com')).toBe('ng***@example.com');
    expect(maskEmail('ab@example.com')).toBe('a***@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });
});
