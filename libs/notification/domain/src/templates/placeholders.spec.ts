import { escapeHtml, fill, placeholdersOf } from './placeholders';

describe('placeholders', () => {
  it('substitutes values and joins lists', () => {
    expect(fill('KH {{code}}: {{list}}', { code: 'PB05020054904', list: ['MoMo', 'VNPay'] })).toBe(
      'KH PB05020054904: MoMo, VNPay',
    );
  });
  it('keeps a section only when its value is present, an inverted one only when absent', () => {
    const template =
      '{{#name}}({{name}}) {{/name}}{{^retry}}no retry{{/retry}}{{#retry}}retry {{retry}}{{/retry}}';
    expect(fill(template, { name: 'An', retry: '08/11' })).toBe('(An) retry 08/11');
    expect(fill(template, { name: '', retry: undefined })).toBe('no retry');
    expect(fill('{{#list}}x{{/list}}', { list: [] })).toBe('');
    expect(fill('{{#flag}}x{{/flag}}', { flag: true })).toBe('x');
  });
  it('nests sections of different names', () => {
    expect(fill('{{^a}}A{{#b}}B{{/b}}.{{/a}}', { b: 'y' })).toBe('AB.');
  });
  it('drops a line holding only a section tag, so an absent optional line leaves no blank line', () => {
    const template = 'one\n{{#x}}\nx is {{x}}\n{{/x}}\ntwo';
    expect(fill(template, {})).toBe('one\ntwo');
    expect(fill(template, { x: '1' })).toBe('one\nx is 1\ntwo');
  });
  it('refuses to render a missing value rather than print a gap', () => {
    expect(() => fill('amount {{amount}}', {})).toThrow(/needs a value for "amount"/);
  });
  it('never re-reads a substituted value as a template', () => {
    expect(fill('{{name}}', { name: '{{amount}}' })).toBe('{{amount}}');
  });
  it('escapes every value, and only the values, for HTML', () => {
    expect(fill('<b>{{name}}</b>', { name: `<script>"x" & 'y'</script>` }, escapeHtml)).toBe(
      '<b>&#60;script&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/script&#62;</b>',
    );
  });
  it('lists the names a template uses and rejects malformed syntax', () => {
    expect(placeholdersOf('{{#a}}{{b}}{{/a}} {{c}}').sort()).toEqual(['a', 'b', 'c']);
    expect(() => placeholdersOf('{{ amount }}')).toThrow(/malformed/);
    expect(() => placeholdersOf('{{#a}}open')).toThrow(/malformed/);
  });
});
