// 3GPP TS 23.038 default alphabet. Extension-table characters are sent as ESC + char (two septets).
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Message parts the operator bills; an empty message still goes out as one. */
  segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  length: number;
}

/** Whether every character is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

/**
 * Packs units into segments of `perPart`; a unit (an escaped GSM character, a surrogate pair) never
 * straddles two parts, so a long message can need one part more than length / perPart.
 */
function pack(units: number[], single: number, perPart: number): { length: number; segments: number } {
  const length = units.reduce((sum, size) => sum + size, 0);
  if (length <= single) return { length, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of units) {
    if (used + size > perPart) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { length, segments };
}

/**
 * The encoding and number of parts an SMS needs: GSM-7 fits 160 septets in one part and 153 per part
 * of a concatenated message (the rest is the UDH); anything outside GSM-7 forces UCS-2 for the whole
 * message, 70 code units in one part, 67 per part.
 */
export function gsm7Segments(text: string): SmsSize {
  const chars = [...text];
  if (isGsm7(text)) {
    return {
      encoding: 'GSM-7',
      ...pack(
        chars.map((c) => (extension.has(c) ? 2 : 1)),
        160,
        153,
      ),
    };
  }
  return {
    encoding: 'UCS-2',
    ...pack(
      chars.map((c) => c.length),
      70,
      67,
    ),
  };
}
