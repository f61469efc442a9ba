import { removeAccents } from './remove-accents';

describe('removeAccents', () => {
  it('strips every Vietnamese tone and vowel mark, lower and upper case', () => {
    expect(removeAccents('Nguyễn Thị Minh Khai, Phường Hòa Khánh')).toBe(
      'Nguyen Thi Minh Khai, Phuong Hoa Khanh',
    );
    expect(removeAccents('ĂÂÊÔƠƯ ăâêôơư ẤẦẨẪẬ ỨỪỬỮỰ ỹỳỷỵý')).toBe('AAEOOU aaeoou AAAAA UUUUU yyyyy');
  });
  it('maps đ/Đ, which have no canonical decomposition', () => {
    expect(removeAccents('Điện lực Đà Nẵng, đồng')).toBe('Dien luc Da Nang, dong');
  });
  it('also handles text typed in decomposed form', () => {
    expect(removeAccents('Quế Sơn'.normalize('NFD'))).toBe('Que Son');
  });
  it('leaves plain ASCII, digits and punctuation untouched', () => {
    expect(removeAccents('KH PB05020054904: 1.234.567d (15/11)')).toBe(
      'KH PB05020054904: 1.234.567d (15/11)',
    );
  });
});
