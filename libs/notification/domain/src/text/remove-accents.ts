/**
 * Vietnamese without diacritics, as SMS gateways expect for GSM-7 ("Nguyễn Văn Đức" → "Nguyen Van Duc").
 * Canonical decomposition strips tone and vowel marks; đ/Đ are letters of their own and have no
 * decomposition, so they are mapped explicitly.
 */
export function removeAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
