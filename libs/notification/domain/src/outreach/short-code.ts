/** No 0/O, 1/I: codes are read aloud and typed from an SMS. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** FNV-1a, 32 bits: small, deterministic, no crypto needed for a non-secret code. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The short code an outreach invitation carries: the same (campaign, customer, attempt) always gives
 * the same code, so a repeated outreach request sends the same code. `attempt` moves past a collision
 * with another customer's code. 6 characters of a 32-letter alphabet (30 bits).
 */
export function outreachShortCode(campaign: string, customerCode: string, attempt = 0): string {
  let hash = fnv1a(`${campaign}|${customerCode}|${attempt}`);
  let code = '';
  for (let i = 0; i < 6; i++) {
    code += ALPHABET[hash & 31];
    hash >>>= 5;
  }
  return code;
}

export const SHORT_CODE = /^[2-9A-HJ-NP-Z]{6}$/;
