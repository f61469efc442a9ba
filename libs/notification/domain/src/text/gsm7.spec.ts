import { gsm7Segments, isGsm7 } from './gsm7';

describe('gsm7Segments', () => {
  it('fits 160 GSM-7 characters in one segment, 161 in two', () => {
    expect(gsm7Segments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, length: 160 });
    expect(gsm7Segments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, length: 161 });
  });
  it('uses 153 per part once concatenated', () => {
    expect(gsm7Segments('a'.repeat(306)).segments).toBe(2);
    expect(gsm7Segments('a'.repeat(307)).segments).toBe(3);
  });
  it('counts extension-table characters as two septets', () => {
    expect(gsm7Segments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, length: 160 });
    expect(gsm7Segments('a' + '€'.repeat(80))).toMatchObject({ segments: 2, length: 161 });
    expect(gsm7Segments('[]{}~^|\\')).toMatchObject({ encoding: 'GSM-7', length: 16 });
  });
  it('never splits an escaped character across parts', () => {
    // 152 septets, then '€' would straddle the 153 boundary: it moves to part two.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(152);
    expect(gsm7Segments(text)).toMatchObject({ length: 306, segments: 3 });
  });
  it('switches the whole message to UCS-2 for one accented Vietnamese letter: 70 / 67', () => {
    expect(gsm7Segments('ệ' + 'a'.repeat(69))).toEqual({ encoding: 'UCS-2', segments: 1, length: 70 });
    expect(gsm7Segments('ệ' + 'a'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 2, length: 71 });
    expect(gsm7Segments('ệ' + 'a'.repeat(134)).segments).toBe(3);
  });
  it('counts characters outside the BMP as two UCS-2 units', () => {
    expect(gsm7Segments('😀')).toEqual({ encoding: 'UCS-2', segments: 1, length: 2 });
  });
  it('treats characters outside GSM-7 that look harmless as UCS-2 (backtick)', () => {
    expect(isGsm7('`')).toBe(false);
    expect(isGsm7('é à ü Ñ @ £ $ _')).toBe(true);
  });
  it('an empty message is still one segment', () => {
    expect(gsm7Segments('')).toEqual({ encoding: 'GSM-7', segments: 1, length: 0 });
  });
});
